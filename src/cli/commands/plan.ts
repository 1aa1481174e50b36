import { defineCommand } from '../command.js';
import { pushOptions, runPush, type PushArgs } from './provision.js';

/** `plan`: what provision would do, per object, with the semantic changes behind each; never writes. */
export const planCommand = defineCommand<PushArgs>({
  name: 'plan',
  describe: 'Show what provision would change in Grafana (create / update / delete / drift), without writing',
  examples: [
    ['$0 plan', 'Per object: action and the changes behind it'],
    ['$0 plan --exit-code', 'Exit 2 when changes are pending or Grafana drifted (CI drift check)'],
    ['$0 plan --prune --output json', 'The plan as JSON, including deletions of owned objects no longer defined'],
  ],
  builder: (yargs) => pushOptions(yargs),
  run: (args, io) => runPush(args, io, { dryRun: true }),
});
