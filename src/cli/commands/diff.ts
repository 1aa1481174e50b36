import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { K2GrafanaError, UsageError } from '../../errors.js';
import { ownerFor } from '../../kinds/index.js';
import { generate } from '../../render/index.js';
import { fileWriteError } from '../../render/write-error.js';
import {
  ansiStyle,
  ArtifactParseError,
  artifactObjects,
  formatReviewJson,
  formatReviewMarkdown,
  formatReviewText,
  layoutFiles,
  plainStyle,
  readArtifactsAtRef,
  reviewArtifactSets,
  reviewLive,
  reviewObjects,
  type ReviewObject,
  type ReviewReport,
} from '../../review/index.js';
import { listed } from './index.js';
import { defineCommand, type CommandContext } from '../command.js';
import { apiOptions, apiSettings, grafanaClientFor, grafanaOptions, reportApis, type ApiArgs, type GrafanaArgs } from '../grafana-target.js';
import { ExitCode } from '../exit-codes.js';
import { colorEnabled, type CliIO } from '../io.js';
import { loadDefinitions } from '../load-definitions.js';
import { definitionsDirOf, outputDir } from '../project-artifacts.js';

export interface DiffArgs extends GrafanaArgs, Partial<ApiArgs> {
  files?: string[];
  base?: string;
  head?: string;
  live: boolean;
  definitions?: string;
  dir?: string;
  format: 'text' | 'markdown' | 'json';
  'exit-code': boolean;
  'svg-dir'?: string;
  sketch: boolean;
  verbose: boolean;
}

/** Artifacts generated in memory from the definitions in the working tree (nothing is written). */
async function generatedArtifacts(args: DiffArgs, io: CliIO, context: CommandContext) {
  const loaded = await loadDefinitions({ path: args.definitions, config: context.config, cwd: io.cwd });
  return { loaded, artifacts: generate(loaded.project, { ...(loaded.prometheusRules ? { prometheusRules: loaded.prometheusRules } : {}), definitionsDir: definitionsDirOf(loaded) }) };
}

async function readInput(path: string, cwd: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(cwd, path));
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'Check the path; diff takes two dashboard (or provisioning) files.');
  }
  // A NUL byte or bytes that are not UTF-8 mean an image, archive or other binary: say so, not "does not parse".
  if (bytes.includes(0)) throw new NotADashboardError(path, 'a binary file');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new NotADashboardError(path, 'a binary file');
  }
}

/** What a parsed file that no kind reads holds, in words: "a JSON array", "a JSON object with keys foo, bar". */
function describeContent(spec: unknown): string {
  const content = (spec as { content?: unknown }).content;
  const value = spec !== null && typeof spec === 'object' && Object.keys(spec).length === 1 && 'content' in spec ? content : spec;
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty object' : `an object with key${keys.length === 1 ? '' : 's'} ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''} (no dashboard \`panels\`, no provisioning section)`;
  }
  return `a bare ${value === null ? 'null' : typeof value}`;
}

/** `diff A B` was given a file that holds no dashboard or provisioning object (exit 1, like other invalid input). */
class NotADashboardError extends K2GrafanaError {
  constructor(path: string, what: string) {
    super('invalid-definitions', `${path} is not a dashboard or provisioning file: it is ${what}`,
      'diff compares two dashboard JSON files (exported, hand-made or generated) or two provisioning YAML files; pass those.');
  }
}

/** `diff A B`: objects in two files; one object on each side of the same kind is compared whatever its key. */
async function fileReport(files: string[], io: CliIO): Promise<ReviewReport> {
  const [a, b] = files as [string, string];
  const objectsOf = async (path: string): Promise<ReviewObject[]> => {
    const content = await readInput(path, io.cwd);
    const prefix = /\.json$/i.test(path) ? 'dashboards' : 'alerting';
    try {
      return artifactObjects(new Map([[`${prefix}/${basename(path)}`, content]])).map((o) => ({ ...o, file: path }));
    } catch (error) {
      // Name the file as the user gave it, not the provisioning path it was filed under.
      throw error instanceof ArtifactParseError ? new ArtifactParseError(path, error.cause) : error;
    }
  };
  const before = await objectsOf(a);
  let after = await objectsOf(b);
  // A file no kind reads would show as "dashboard removed" plus "file added": refuse it, saying what it holds.
  for (const [path, objects] of [[a, before], [b, after]] as const) {
    const unread = objects.find((o) => o.kind === 'file');
    if (objects.length > 0 && objects.every((o) => o.kind === 'file')) throw new NotADashboardError(path, describeContent(unread!.spec));
  }
  if (before.length === 1 && after.length === 1 && before[0]!.kind === after[0]!.kind) after = [{ ...after[0]!, key: before[0]!.key }];
  return reviewObjects(before, after, { before: a, after: b });
}

async function buildReport(args: DiffArgs, io: CliIO, context: CommandContext): Promise<ReviewReport> {
  const files = args.files ?? [];
  const modes = [files.length > 0, args.base !== undefined || args.head !== undefined, args.live].filter(Boolean).length;
  if (modes > 1) throw new UsageError('choose one of: two files, --base <ref>, or --live');
  if (files.length > 0) {
    if (files.length !== 2) throw new UsageError(`diff takes exactly two files, got ${files.length}`, 'Example: k2-grafana diff old.json new.json');
    return fileReport(files, io);
  }
  if (args.live) {
    const { loaded } = await generatedArtifacts(args, io, context);
    const { grafana, client } = grafanaClientFor(args, io, context);
    return reviewLive({
      project: loaded.project, client, env: io.env, grafanaLabel: `Grafana ${grafana.client.url}`, overrides: grafana.overrides,
      ...apiSettings(args, grafana, io), onApis: (apis) => reportApis(apis, args, io),
    });
  }
  const base = args.base ?? 'HEAD';
  const before = await readArtifactsAtRef({ ref: base, dir: outputDir(args.dir, io, context), cwd: io.cwd });
  if (args.head !== undefined) {
    const after = await readArtifactsAtRef({ ref: args.head, dir: outputDir(args.dir, io, context), cwd: io.cwd });
    return reviewArtifactSets(before, after, { before: base, after: args.head });
  }
  const { loaded, artifacts } = await generatedArtifacts(args, io, context);
  return reviewArtifactSets(before, artifacts, { before: base, after: 'working tree (generated)' }, { owner: ownerFor(loaded.project.name) });
}

/** `diff`: per-panel, per-rule changes between two sides, for reviewers (text, PR markdown) and machines (json). */
export const diffCommand = defineCommand<DiffArgs>({
  ...listed('diff'),
  examples: [
    ['$0 diff --base origin/main', 'Artifacts committed on main vs those the working tree generates'],
    ['$0 diff --base origin/main --format markdown --svg-dir review-svg', 'PR comment markdown plus before/after layout pictures'],
    ['$0 diff --live --exit-code', 'Drift: what Grafana holds vs the definitions; exit 2 when they differ'],
    ['$0 diff old.json new.json', 'Any two dashboard files (exported, hand-made or generated)'],
    ['$0 diff --base v1.0 --head HEAD --format json', 'Two commits, as JSON'],
  ],
  builder: (yargs: Argv) =>
    yargs
      .positional('files', { type: 'string', array: true, describe: 'Two files to compare (dashboard JSON or provisioning YAML)' })
      .option('base', { type: 'string', describe: 'Git ref whose committed provisioning/ is the before side (default HEAD when no files and no --live)' })
      .option('head', { type: 'string', describe: 'Git ref for the after side instead of generating from the working tree' })
      .option('live', { type: 'boolean', default: false, describe: 'Compare what Grafana holds (GRAFANA_URL, GRAFANA_TOKEN) with the definitions: drift' })
      .option('definitions', { type: 'string', describe: "Definitions module exporting `project` (default: the config's `definitions`)" })
      .option('dir', { type: 'string', describe: "Provisioning folder as committed, relative to the current folder (default: the config's `out`, else provisioning)" })
      .option('format', { alias: 'output', choices: ['text', 'markdown', 'json'] as const, default: 'text' as const, describe: 'Report format (--output is an alias)' })
      .option('exit-code', { type: 'boolean', default: false, describe: 'Exit 2 when anything differs' })
      .option('svg-dir', { type: 'string', describe: 'Write a before/after layout picture (SVG) per changed dashboard into this folder' })
      .option('sketch', { type: 'boolean', default: false, describe: 'Text format: draw the grid sketch under each changed dashboard' })
      .option('verbose', { type: 'boolean', default: false, describe: 'With --live: say where each setting came from and log every request to stderr (credentials redacted)' })
      .options(grafanaOptions)
      .options(apiOptions),
  async run(args, io, context) {
    const report = await buildReport(args, io, context);
    if (args.format === 'json') io.stdout(formatReviewJson(report));
    else if (args.format === 'markdown') io.stdout(formatReviewMarkdown(report));
    else io.stdout(formatReviewText(report, { style: colorEnabled(io) ? ansiStyle : plainStyle, sketch: args.sketch }));
    if (args['svg-dir'] !== undefined) {
      const dir = resolve(io.cwd, args['svg-dir']);
      const pictures = layoutFiles(report);
      try {
        await mkdir(dir, { recursive: true });
        for (const picture of pictures) await writeFile(resolve(dir, picture.file), picture.svg, 'utf8');
      } catch (error) {
        throw fileWriteError(error, `--svg-dir ${args['svg-dir']}`, 'Pass --svg-dir a folder you can write to (it is created when missing).');
      }
      io.stderr(`wrote ${pictures.length} layout picture(s) to ${args['svg-dir']}\n`);
    }
    return args['exit-code'] && report.changed ? ExitCode.Changes : ExitCode.Ok;
  },
});
