import { relative } from 'node:path';
import { writeArtifacts } from '../../render/index.js';
import { listed } from './index.js';
import { defineCommand } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { artifactOptions, prepareArtifacts, printIssues, type ArtifactArgs } from '../project-artifacts.js';

/** `generate`: definitions -> validated, canonical provisioning/ files. Writes nothing when anything is invalid. */
export const generateCommand = defineCommand<ArtifactArgs>({
  ...listed('generate'),
  examples: [
    ['$0 generate', "Write provisioning/ from the definitions the project's k2-grafana.config.ts names"],
    ['$0 generate --definitions ./my-dashboards/index.ts --out ./provisioning', 'Generate from your own definitions module'],
    ['$0 generate --output json', 'Print what was written as JSON'],
  ],
  builder: (yargs) => artifactOptions(yargs),
  async run(args, io, context) {
    const prepared = await prepareArtifacts(args, io, context);
    if (!prepared.ok) {
      if (args.output === 'json') io.stdout(`${JSON.stringify({ ok: false, issues: prepared.issues })}\n`);
      printIssues(io, prepared.issues, 'nothing was written');
      return ExitCode.Invalid;
    }
    const result = await writeArtifacts(prepared.artifacts, prepared.outDir);
    const dir = relative(io.cwd, prepared.outDir) || '.';
    if (args.output === 'json') {
      io.stdout(`${JSON.stringify({ ok: true, dir, ...result })}\n`);
    } else {
      for (const path of result.written) io.stdout(`wrote   ${dir}/${path}\n`);
      for (const path of result.removed) io.stdout(`removed ${dir}/${path}\n`);
      io.stdout(
        `${dir}/: ${result.written.length} written, ${result.unchanged.length} unchanged, ${result.removed.length} removed\n`,
      );
    }
    return ExitCode.Ok;
  },
});
