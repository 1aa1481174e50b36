import { relative } from 'node:path';
import { compareArtifacts, unreviewedFiles } from '../../render/index.js';
import { listed } from './index.js';
import { defineCommand } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { artifactOptions, prepareArtifacts, printIssues, type ArtifactArgs } from '../project-artifacts.js';

/** `check`: the CI gate. Valid definitions, and provisioning/ exactly what they generate. Writes nothing. */
export const checkCommand = defineCommand<ArtifactArgs>({
  ...listed('check'),
  examples: [
    ['$0 check', 'Exit 0 when the definitions are valid and provisioning/ is up to date, 1 otherwise'],
    ['$0 check --output json', 'Machine-readable result: issues and stale files'],
  ],
  builder: (yargs) => artifactOptions(yargs),
  async run(args, io, context) {
    const prepared = await prepareArtifacts(args, io, context);
    if (!prepared.ok) {
      if (args.output === 'json') io.stdout(`${JSON.stringify({ ok: false, issues: prepared.issues, stale: [] })}\n`);
      printIssues(io, prepared.issues, 'provisioning/ was not compared');
      return ExitCode.Invalid;
    }
    const stale = await compareArtifacts(prepared.artifacts, prepared.outDir);
    // Files nobody generated that a file-mounted Grafana would still load: unreviewed, so the gate fails on them too.
    const unreviewed = await unreviewedFiles(prepared.artifacts, prepared.outDir);
    const dir = relative(io.cwd, prepared.outDir) || '.';
    if (args.output === 'json') io.stdout(`${JSON.stringify({ ok: stale.length === 0 && unreviewed.length === 0, issues: [], stale, unreviewed })}\n`);
    if (stale.length > 0) {
      for (const path of stale) io.stderr(`stale   ${dir}/${path}\n`);
      io.stderr(`error: ${dir}/ is stale: ${stale.length} file(s) differ from what the definitions generate\n`);
      io.stderr('hint: run `npm run generate` and commit the result.\n');
    }
    if (unreviewed.length > 0) {
      for (const path of unreviewed) io.stderr(`unreviewed ${dir}/${path}\n`);
      io.stderr(`error: ${dir}/ holds ${unreviewed.length} file(s) the definitions did not generate, which a Grafana mounting ${dir}/ would load\n`);
      io.stderr('hint: delete them, or define them in the definitions and run `npm run generate` (files of other tools belong outside this folder).\n');
    }
    if (stale.length > 0 || unreviewed.length > 0) return ExitCode.Invalid;
    if (args.output !== 'json') io.stdout(`definitions valid; ${dir}/ up to date (${prepared.artifacts.size} files)\n`);
    return ExitCode.Ok;
  },
});
