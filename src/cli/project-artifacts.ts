import { dirname, relative, resolve, sep } from 'node:path';
import type { Argv } from 'yargs';
import { resolveFrom } from '../config/load-config.js';
import { formatIssue, type ArtifactSet, type Issue } from '../model/index.js';
import { generate } from '../render/index.js';
import { hasErrors, validateProject } from '../validate/index.js';
import type { LintConfig, LintExclusion } from '../validate/lint-config.js';
import type { CommandContext } from './command.js';
import type { CliIO } from './io.js';
import { loadDefinitions, type LoadedDefinitions } from './load-definitions.js';

/** Flags generate and check share. */
export interface ArtifactArgs {
  definitions?: string;
  out?: string;
  output: 'text' | 'json';
}

export function artifactOptions(yargs: Argv): Argv<ArtifactArgs> {
  return yargs
    .option('definitions', { type: 'string', describe: "Definitions module exporting `project` (default: the config's `definitions`)" })
    .option('out', { type: 'string', describe: "Provisioning folder, relative to the current folder (default: the config's `out`, else provisioning/ beside the config)" })
    .option('output', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' }) as Argv<ArtifactArgs>;
}

export type Prepared =
  | { readonly ok: false; readonly loaded: LoadedDefinitions; readonly issues: readonly Issue[] }
  | { readonly ok: true; readonly loaded: LoadedDefinitions; readonly artifacts: ArtifactSet; readonly outDir: string };

/** `--out` (from the working folder), else the config's `out` (from the config's folder), else `provisioning`. */
export function outputDir(out: string | undefined, io: CliIO, context: CommandContext): string {
  if (out !== undefined) return resolve(io.cwd, out);
  if (context.config) return resolveFrom(context.config.dir, context.config.config.out ?? 'provisioning');
  return resolve(io.cwd, 'provisioning');
}

/** Load, validate and generate: nothing is written here, and nothing is generated from invalid definitions. */
export async function prepareArtifacts(args: ArtifactArgs, io: CliIO, context: CommandContext): Promise<Prepared> {
  const loaded = await loadDefinitions({ path: args.definitions, config: context.config, cwd: io.cwd });
  const lint = withImportedExclusions(context.config?.config.lint, loaded.imported?.lintExclusions);
  const issues = validateProject(loaded.project, { rootDir: loaded.rootDir, ...(lint ? { lint } : {}) });
  if (hasErrors(issues)) return { ok: false, loaded, issues };
  printWarnings(io, issues);
  const artifacts = generate(loaded.project, { prometheusRules: loaded.prometheusRules, definitionsDir: definitionsDirOf(loaded) });
  return { ok: true, loaded, artifacts, outDir: outputDir(args.out, io, context) };
}

/** The definitions module's folder relative to the project root, as the files' headers name it. */
export function definitionsDirOf(loaded: LoadedDefinitions): string {
  return relative(loaded.rootDir, dirname(loaded.modulePath)).split(sep).join('/') || '.';
}

/** The project's lint policy plus the exclusions the generated import index recorded (after the hand-written ones). */
export function withImportedExclusions(lint: LintConfig | undefined, imported: readonly LintExclusion[] | undefined): LintConfig | undefined {
  if (!imported || imported.length === 0) return lint;
  return { ...lint, exclusions: [...(lint?.exclusions ?? []), ...imported] };
}

/** Issues one per line, `file > dashboard > panel > query: message [rule]`, then what to do; warnings never block. */
export function printIssues(io: CliIO, issues: readonly Issue[], verb: string): void {
  const errors = issues.filter((issue) => issue.severity === 'error');
  for (const issue of errors) io.stderr(`${formatIssue(issue)}\n`);
  printWarnings(io, issues);
  io.stderr(`error: ${errors.length} problem(s) in the definitions; ${verb}\nhint: fix them in the files named above and run the command again.\n`);
}

function printWarnings(io: CliIO, issues: readonly Issue[]): void {
  for (const issue of issues) if (issue.severity !== 'error') io.stderr(`warning: ${formatIssue(issue)} [${issue.rule}]\n`);
}
