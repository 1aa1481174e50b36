import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Argv } from 'yargs';
import { BadInputError, UsageError } from '../../errors.js';
import { createHandlerContext } from '../../kinds/handler-context.js';
import { ownerFor } from '../../kinds/index.js';
import { defaultRegistry } from '../../kinds/registry.js';
import type { ImportedObject, ImportResult, RefusedInput } from '../../import/import-result.js';
import { readLiveDashboards } from '../../import/live.js';
import { planImport, type ImportPlan } from '../../import/run-import.js';
import { readImportInputs, type AlertingDocument } from '../../import/sources.js';
import { writeImportFiles } from '../../import/write-files.js';
import { formatIssue } from '../../model/index.js';
import { listed } from './index.js';
import { defineCommand, type CommandContext } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { apiOptions, apiSettings, grafanaClientFor, grafanaOptions, reportApis, type ApiArgs, type GrafanaArgs } from '../grafana-target.js';
import { kindApis, type KindApi } from '../../kinds/transport.js';
import { handWrittenProject, importedIndexPath } from '../imported-project.js';
import type { CliIO } from '../io.js';
import { loadDefinitions } from '../load-definitions.js';

interface ImportArgs extends GrafanaArgs, Partial<ApiArgs> {
  inputs?: string[];
  definitions?: string;
  out?: string;
  live: boolean;
  uid?: string;
  folder?: string;
  all: boolean;
  'folder-uid'?: string;
  'datasource-variable'?: string;
  'datasource-refs': boolean;
  grid: boolean;
  overwrite: boolean;
  'exit-code': boolean;
  output: 'text' | 'json';
  alerting: boolean;
  from?: 'prometheus-rules';
  'rules-datasource-uid'?: string;
  'rules-folder-uid'?: string;
}

/** More dashboards than this, and a progress line shows on a terminal. */
const PROGRESS_ABOVE = 10;

/** `import`: dashboards (and, through its importer, alerting files) become TypeScript definitions that regenerate them. */
export const importCommand = defineCommand<ImportArgs>({
  ...listed('import'),
  examples: [
    ['$0 import exported/checkout.json', 'One dashboard file becomes a module under the imported folder (default <definitions folder>/imported/)'],
    ['$0 import ./grafana-dashboards/', 'Every dashboard JSON in a folder (a file-provisioning folder: each subfolder in its provider\'s Grafana folder)'],
    ['$0 import dashboards-configmap.yaml', 'The dashboards embedded in a Kubernetes ConfigMap (or a ConfigMapList, or several YAML documents)'],
    ['$0 import --live --folder Payments', "Every dashboard in one folder of the context's Grafana (a uid, or a title that is unique)"],
    ['$0 import --live --uid checkout --datasource-variable datasource', 'One live dashboard, its concrete datasource uids replaced by ${datasource}'],
  ],
  builder: (yargs: Argv) =>
    yargs
      .positional('inputs', { type: 'string', array: true, describe: 'Dashboard JSON files, folders of them, ConfigMap YAML, alerting provisioning files' })
      .option('definitions', { type: 'string', describe: "Definitions module exporting `project` (default: the config's `definitions`)" })
      .option('out', { type: 'string', describe: "Folder of the generated modules and index, inside the project (default: the folder of the config's `imported`, else <definitions folder>/imported)" })
      .option('live', { type: 'boolean', default: false, describe: "Import from the context's Grafana (with --uid, --folder or --all)" })
      .option('uid', { type: 'string', describe: 'With --live: the dashboard uid' })
      .option('folder', { type: 'string', describe: 'With --live: every dashboard of the folder with this uid (or this unique title)' })
      .option('all', { type: 'boolean', default: false, describe: 'With --live: every dashboard' })
      .option('folder-uid', { type: 'string', describe: "Project folder the dashboards go in (default: each one's own folder when the project declares it, else the project's first folder)" })
      .option('datasource-variable', { type: 'string', describe: 'Replace concrete datasource uids by the dashboard variable NAME (${NAME}); listed in the report' })
      .option('datasource-refs', { type: 'boolean', default: false, describe: 'Write datasources given as a name ("datasource": "Prometheus") as a reference { uid }; listed in the report' })
      .option('grid', { type: 'boolean', default: false, describe: 'Convert a legacy rows[] layout to grid panels (as Grafana migrates it); listed in the report' })
      .option('overwrite', { type: 'boolean', default: false, describe: 'Replace a dashboard an earlier import brought from another source (hand-written ones are never replaced)' })
      .option('alerting', { type: 'boolean', default: false, describe: "With --live: also import the Grafana's alerting (rule groups, contact points, policies, mute timings, templates)" })
      .option('from', { choices: ['prometheus-rules'] as const, describe: 'Convert Prometheus rule files (groups: without apiVersion) into Grafana-managed rules; without it they are refused' })
      .option('rules-datasource-uid', { type: 'string', describe: 'With --from prometheus-rules: uid of the Prometheus datasource the rules query' })
      .option('rules-folder-uid', { type: 'string', describe: 'With --from prometheus-rules: folder the converted groups go in' })
      .option('exit-code', { type: 'boolean', default: false, describe: 'Exit 2 when anything imported does not round-trip exactly' })
      .option('output', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Report format' })
      .option('verbose', { type: 'boolean', default: false, describe: 'With --live: say where each Grafana setting came from and log every request' })
      .options(grafanaOptions)
      .options(apiOptions) as Argv<ImportArgs>,
  async run(args, io, context) {
    const inputs = args.inputs ?? [];
    if (!args.live && (args.uid !== undefined || args.folder !== undefined || args.all)) throw new UsageError('--uid, --folder and --all read a live Grafana: add --live');
    if (args.live && [args.uid !== undefined, args.folder !== undefined, args.all].filter(Boolean).length !== 1) {
      throw new UsageError('import --live takes exactly one of --uid <uid>, --folder <uid or title>, --all');
    }
    if (!args.live && inputs.length === 0) throw new UsageError('import: name what to import: files or folders, or --live with --uid, --folder or --all');

    const loaded = await loadDefinitions({ path: args.definitions, config: context.config, cwd: io.cwd });
    const rootDir = loaded.rootDir;
    const indexAbsolute = args.out !== undefined ? join(resolve(io.cwd, args.out), 'index.ts') : importedIndexPath(loaded.modulePath, args.definitions === undefined ? context.config : undefined);
    const indexFile = relative(rootDir, indexAbsolute).split(sep).join('/');
    if (indexFile.startsWith('..') || isAbsolute(indexFile)) {
      throw new UsageError(`--out ${args.out}: ${dirname(indexAbsolute)} is outside the project (${rootDir})`, 'Give a folder inside the project, e.g. --out grafana/imported.');
    }

    if (args.alerting && !args.live) throw new UsageError('--alerting reads a live Grafana: add --live');
    const read = await readImportInputs(inputs, io.cwd, { prometheusRules: args.from === 'prometheus-rules' });
    if (args.output !== 'json') for (const skip of read.skipped) io.stderr(`skipped ${skip.origin}: ${skip.reason}\n`);
    const dashboards = [...read.dashboards];
    const alerting = [...read.alerting];
    let apis: KindApi[] | undefined;
    if (args.live) {
      const { grafana, client } = grafanaClientFor(args, io, context);
      // --api / --namespace (or the context's) choose the transport here as they do for provision and diff --live.
      const ctx = createHandlerContext({ client, owner: ownerFor(loaded.project.name), env: io.env, ...apiSettings(args, grafana, io) });
      dashboards.push(...(await readLiveDashboards(ctx, { ...(args.uid !== undefined ? { uid: args.uid } : {}), ...(args.folder !== undefined ? { folder: args.folder } : {}), all: args.all })));
      if (args.alerting) alerting.push(...(await (await alertingModule([{ origin: 'grafana:alerting', document: null }])).importAlertingLive!(ctx)));
      // Asked after the reads, so a kind that fell back to the classic API says so; printed once, and in --output json.
      apis = await kindApis(ctx, [...defaultRegistry.handlers.values()].filter((h) => h.appPlatform));
      reportApis(apis, args, io);
    }
    if (read.refused.length > 0) return refuse(read.refused, args, io);
    if (dashboards.length === 0 && alerting.length === 0) throw new UsageError('import: the inputs hold no dashboards or alerting files', 'Name dashboard JSON files or folders holding them.');

    const showProgress = io.isTTY && args.output !== 'json' && dashboards.length > PROGRESS_ABOVE;
    const handWritten = handWrittenProject(loaded.project, loaded.imported);
    const alertingOptions = {
      rootDir, importedDir: indexFile.split('/').slice(0, -1).join('/'), definitionsImport: definitionsImportFor(rootDir), project: handWritten, overwrite: args.overwrite,
      ...(args.from ? { from: args.from } : {}),
      ...(args['rules-datasource-uid'] !== undefined || args['rules-folder-uid'] !== undefined
        ? { prometheus: { datasourceUid: args['rules-datasource-uid'] ?? '', folderUid: args['rules-folder-uid'] ?? '' } }
        : {}),
    };
    const plan = await planImport(dashboards, alerting, {
      rootDir,
      indexFile,
      project: loaded.project,
      ...(loaded.imported ? { importedKeys: loaded.imported.keys } : {}),
      ...(context.config?.config.lint ? { lint: context.config.config.lint } : {}),
      definitionsImport: definitionsImportFor(rootDir),
      overwrite: args.overwrite,
      ...(args['folder-uid'] !== undefined ? { folderUid: args['folder-uid'] } : {}),
      grid: args.grid,
      datasourceRefs: args['datasource-refs'],
      ...(args['datasource-variable'] !== undefined ? { datasourceVariable: args['datasource-variable'] } : {}),
      ...(showProgress ? { onProgress: (done: number, total: number) => io.stderr(`\rimporting dashboards: ${done}/${total}${done === total ? '\n' : ''}`) } : {}),
      importAlerting: async (docs) => (await alertingModule(docs)).importAlerting(docs, alertingOptions),
    });
    if (plan.refused.length > 0) return refuse(plan.refused, args, io);
    const written = await writeImportFiles(rootDir, plan.files, plan.ownedDirs);
    report(plan, written, args, io, indexFile, context, read.skipped, apis);
    const inexact = plan.objects.some((o) => o.inexact.length > 0);
    return args['exit-code'] && inexact ? ExitCode.Changes : ExitCode.Ok;
  },
});

/**
 * How generated code imports the helpers: `k2-grafana/definitions` in a project that installed the package; inside
 * k2-grafana's own repository (its dashboards import the source), the source entry by a relative path.
 */
function definitionsImportFor(rootDir: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as { name?: string };
    if (pkg.name === 'k2-grafana' && existsSync(join(rootDir, 'src/definitions/entry.ts'))) return '/src/definitions/entry.ts';
  } catch {
    // No package.json: a project like any other.
  }
  return 'k2-grafana/definitions';
}

interface AlertingModule {
  importAlerting(inputs: readonly AlertingDocument[], options: Record<string, unknown>): Promise<ImportResult>;
  importAlertingLive?(ctx: unknown): Promise<AlertingDocument[]>;
}

/**
 * The alerting importer (src/import/alerting, issue 17 part B), loaded only when alerting is asked for. A build
 * without it says so, naming the inputs, instead of failing to start.
 */
async function alertingModule(docs: readonly AlertingDocument[]): Promise<AlertingModule> {
  const specifier = '../../import/alerting/index.js';
  let module: Partial<AlertingModule>;
  try {
    module = (await import(specifier)) as Partial<AlertingModule>;
  } catch {
    module = {};
  }
  if (typeof module.importAlerting !== 'function') {
    const names = docs.map((d) => d.origin).join(', ');
    throw new UsageError(`alerting import is not available in this build (${names})`, 'Import the dashboards alone for now: leave the alerting files out.');
  }
  return module as AlertingModule;
}

function refuse(refused: readonly RefusedInput[], args: ImportArgs, io: CliIO): never {
  if (args.output === 'json') io.stdout(`${JSON.stringify({ ok: false, refused })}\n`);
  const lines = refused.map((r) => `${r.origin}: ${r.reason}\n  hint: ${r.hint}`);
  throw new BadInputError(
    `import: ${refused.length} input(s) refused, nothing was written:\n${lines.join('\n')}`,
    'Fix or leave out the inputs named above, then import again.',
  );
}

function report(plan: ImportPlan, written: { written: readonly string[]; removed: readonly string[] }, args: ImportArgs, io: CliIO, indexFile: string, context: CommandContext, skipped: readonly { origin: string; reason: string }[], apis?: readonly KindApi[]): void {
  if (args.output === 'json') {
    io.stdout(`${JSON.stringify({
      ok: true,
      index: indexFile,
      objects: plan.objects,
      findings: plan.findings.map((f) => ({ object: f.object, rule: f.rule, severity: f.severity, message: formatIssue(f), excluded: f.excluded })),
      written: written.written,
      removed: written.removed,
      skipped,
      counts: counts(plan.objects),
      ...(apis ? { apis } : {}),
    })}\n`);
    return;
  }
  for (const object of plan.objects) {
    io.stdout(`imported ${object.kind} "${object.title}" (${object.key}) from ${object.origin} -> ${object.module || '(no module: nothing to define, generate writes it as it is)'}\n`);
    io.stdout(`  ${object.kind === 'dashboard' ? 'panels' : 'parts'}: ${object.parts}; raw parts: ${object.raw.length}; ${object.inexact.length === 0 ? 'round trip exact' : `${object.inexact.length} inexact`}\n`);
    for (const [reason, n] of byReason(object)) io.stdout(`  raw: ${n} x ${reason}\n`);
    for (const item of object.inexact) io.stdout(`  inexact: ${item.within ? `${item.within}: ` : ''}${item.path}: ${item.reason}\n`);
    for (const change of object.changed) io.stdout(`  changed (requested): ${change.path}: ${change.what}\n`);
    // Findings by rule here (every one, with its place, in --output json): they can be hundreds for a big dashboard.
    const findings = plan.findings.filter((f) => f.object === `${fieldOf(object.kind)} ${object.key}`);
    const excluded = countBy(findings.filter((f) => f.excluded), (f) => f.rule);
    if (excluded.length > 0) io.stdout(`  lint: ${findings.filter((f) => f.excluded).length} finding(s) excluded as "imported; not yet reviewed" (${excluded.map(([rule, n]) => `${rule} ${n}`).join(', ')})\n`);
    for (const f of findings.filter((f) => !f.excluded)) io.stdout(`  lint ${f.severity} [${f.rule}]: ${formatIssue(f)}\n`);
  }
  const c = counts(plan.objects);
  io.stdout(`${written.written.length} file(s) written${written.removed.length > 0 ? `, ${written.removed.length} removed` : ''}; index ${indexFile}\n`);
  io.stdout(`${c.objects} imported: ${c.exact} exact, ${c.inexact} inexact; ${c.raw} raw part(s); ${plan.findings.filter((f) => f.excluded).length} lint finding(s) excluded\n`);
  if (context.config && context.config.config.imported === undefined && args.out !== undefined) {
    io.stdout(`note: set \`imported: '${indexFile}'\` in ${relative(io.cwd, context.config.path)} so the project includes this index\n`);
  }
  // Import writes definitions only (data flows one way); the artifacts come from them as for any other change.
  io.stdout('next: `npx k2-grafana generate` writes provisioning/ from them; then `check` passes and the diff is reviewable\n');
}

function byReason(object: ImportedObject): [string, number][] {
  return countBy(object.raw, (part) => part.reason);
}

/** Counts by key, most first, then by key: the same input always prints the same lines. */
function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** The project field of a kind (`dashboard` -> `dashboards`), as the plan's findings name objects. */
function fieldOf(kind: string): string {
  return defaultRegistry.handlers.get(kind as never)?.definitions.field ?? kind;
}

function counts(objects: readonly ImportedObject[]) {
  return {
    objects: objects.length,
    exact: objects.filter((o) => o.inexact.length === 0).length,
    inexact: objects.filter((o) => o.inexact.length > 0).length,
    raw: objects.reduce((n, o) => n + o.raw.length, 0),
  };
}
