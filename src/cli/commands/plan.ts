import { ConfigError, isK2GrafanaError, UsageError } from '../../errors.js';
import { reportError } from '../report-error.js';
import { listed } from './index.js';
import { defineCommand, type CommandContext } from '../command.js';
import type { ExitCode } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { pushOptions, runPush, type PushArgs } from './provision.js';

interface PlanArgs extends PushArgs {
  'all-contexts': boolean;
}

/** `plan`: what provision would do, per object, with the semantic changes behind each; never writes. */
export const planCommand = defineCommand<PlanArgs>({
  ...listed('plan'),
  examples: [
    ['$0 plan', 'Per object: action and the changes behind it'],
    ['$0 plan --context staging', "Against the config's staging instance, with its overrides"],
    ['$0 plan --all-contexts', 'One plan per instance the config names'],
    ['$0 plan --exit-code', 'Exit 2 when changes are pending or Grafana drifted (CI drift check)'],
    ['$0 plan --prune --output json', 'The plan as JSON, including deletions of owned objects no longer defined'],
  ],
  builder: (yargs) =>
    pushOptions(yargs)
      .option('all-contexts', { type: 'boolean', default: false, describe: 'Plan against every context of the config, one plan each' }),
  run(args, io, context) {
    if (!args['all-contexts']) return runPush(args, io, context, { dryRun: true });
    if (args.context !== undefined || args.url !== undefined) throw new UsageError('--all-contexts plans every context: drop --context and --url');
    return planAllContexts(args, io, context);
  },
});

/** One plan per context, in the config's order; the exit is the most serious of theirs. */
async function planAllContexts(args: PlanArgs, io: CliIO, context: CommandContext): Promise<ExitCode> {
  const names = Object.keys(context.config?.config.contexts ?? {});
  if (names.length === 0) {
    throw new ConfigError(
      `plan --all-contexts: ${context.config ? `${context.config.path} defines no contexts` : 'no k2-grafana.config.ts was found'}`,
      'Add Grafana instances under `contexts` in the config.',
      context.config ? { file: context.config.path } : {},
    );
  }
  const json = args.output === 'json';
  const documents: unknown[] = [];
  let worst = 0;
  for (const name of names) {
    let captured = '';
    const contextIO: CliIO = json ? { ...io, stdout: (text) => (captured += text) } : io;
    if (!json) io.stdout(`${names.indexOf(name) > 0 ? '\n' : ''}== context ${name}\n`);
    let code: number;
    let error: { code: string; message: string; hint: string } | undefined;
    try {
      code = await runPush({ ...args, context: name }, contextIO, context, { dryRun: true });
    } catch (thrown) {
      // One instance's problem (an unset token, say) must not hide the other instances' plans.
      // (Text only: the JSON error goes into this context's document below.)
      code = reportError(thrown, io, context.verb && { ...context.verb, json: false });
      if (isK2GrafanaError(thrown)) error = { code: thrown.code, message: thrown.message, hint: thrown.hint };
    }
    if (json) documents.push({ ...(captured.trim() === '' ? {} : JSON.parse(captured)), context: name, exitCode: code, ...(error ? { error } : {}) });
    worst = Math.max(worst, code);
  }
  if (json) io.stdout(`${JSON.stringify({ contexts: documents }, null, 2)}\n`);
  return worst as ExitCode;
}
