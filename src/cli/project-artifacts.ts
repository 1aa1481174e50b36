import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { formatIssue, type ArtifactSet, type Issue } from '../model/index.js';
import { generate } from '../render/index.js';
import { validateProject } from '../validate/index.js';
import type { CliIO } from './io.js';
import { loadDefinitions, type LoadedDefinitions } from './load-definitions.js';

/** Flags generate and check share. */
export interface ArtifactArgs {
  definitions?: string;
  out: string;
  output: 'text' | 'json';
}

export function artifactOptions(yargs: Argv): Argv<ArtifactArgs> {
  return yargs
    .option('definitions', {
      type: 'string',
      describe: 'Definitions module exporting `project` (default: the K2 definitions shipped with k2-grafana)',
    })
    .option('out', { type: 'string', default: 'provisioning', describe: 'Provisioning directory, relative to the current directory' })
    .option('output', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' }) as Argv<ArtifactArgs>;
}

export type Prepared =
  | { readonly ok: false; readonly loaded: LoadedDefinitions; readonly issues: readonly Issue[] }
  | { readonly ok: true; readonly loaded: LoadedDefinitions; readonly artifacts: ArtifactSet; readonly outDir: string };

/** Load, validate and generate: nothing is written here, and nothing is generated from invalid definitions. */
export async function prepareArtifacts(args: ArtifactArgs, io: CliIO): Promise<Prepared> {
  const loaded = await loadDefinitions({ path: args.definitions, cwd: io.cwd });
  const issues = validateProject(loaded.project, { rootDir: loaded.rootDir });
  if (issues.length > 0) return { ok: false, loaded, issues };
  const artifacts = generate(loaded.project, { prometheusRules: loaded.prometheusRules });
  return { ok: true, loaded, artifacts, outDir: resolve(io.cwd, args.out) };
}

/** Issues one per line, `file > dashboard > panel > query: message`, then what to do. */
export function printIssues(io: CliIO, issues: readonly Issue[], verb: string): void {
  for (const issue of issues) io.stderr(`${formatIssue(issue)}\n`);
  io.stderr(`error: ${issues.length} problem(s) in the definitions; ${verb}\nhint: fix them in the files named above and run the command again.\n`);
}
