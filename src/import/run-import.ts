import { dirname, sep } from 'node:path';
import type { Issue } from '../model/issues.js';
import type { ProjectDefinition } from '../model/index.js';
import { defaultRegistry } from '../kinds/registry.js';
import { validateProject } from '../validate/index.js';
import { UsageError } from '../errors.js';
import type { LintConfig } from '../validate/lint-config.js';
import { importDashboards, type DashboardInput, type ImportDashboardsOptions } from './dashboard/index.js';
import type { GeneratedFile, ImportedObject, ImportResult, IndexEntry, RefusedInput } from './import-result.js';
import { indexText, mergeRecord, readRecord, RECORD_FILE, recordText, type RecordedEntry } from './import-index.js';
import { formatTypeScript } from './format.js';
import { exclusionFor, uniqueExclusions } from './lint-exclusions.js';
import { runGenerated } from './run-generated.js';
import type { AlertingDocument } from './sources.js';

/** Everything one `import` run produces, before anything is written. */
export interface ImportPlan {
  readonly files: readonly GeneratedFile[];
  readonly objects: readonly ImportedObject[];
  readonly refused: readonly RefusedInput[];
  /** Findings of the imported objects under the project's lint policy, each with whether an exclusion was recorded. */
  readonly findings: readonly (Issue & { readonly excluded: boolean; readonly object: string })[];
  /** Module folders the import owns and rewrote: files in them it did not write are removed. */
  readonly ownedDirs: readonly string[];
}

export interface RunImportOptions extends Omit<ImportDashboardsOptions, 'existingModules' | 'importedDir'> {
  readonly rootDir: string;
  /** The generated index, relative to the project root: `grafana/imported/index.ts`. */
  readonly indexFile: string;
  /** The project as loaded (hand-written and earlier imports merged). */
  readonly project: ProjectDefinition;
  /** Keys the earlier imports define, by field; the rest of the project's keys are hand-written. */
  readonly importedKeys?: ReadonlyMap<string, ReadonlySet<string>>;
  /** The project's own lint policy (the hand-written config); the record's exclusions are added here, bar the re-imported objects' own. */
  readonly lint?: LintConfig;
  /** Replace objects an earlier import from another source defined. */
  readonly overwrite?: boolean;
  /** `--folder-uid`: the project folder every imported dashboard goes in. @default its own folder if the project declares it, else the project's first folder */
  readonly folderUid?: string;
  /** The alerting importer, when it is available (src/import/alerting). */
  readonly importAlerting?: (inputs: readonly AlertingDocument[]) => Promise<ImportResult>;
}

/**
 * Runs the importers over the inputs and merges their results into one plan: the generated modules, the record and
 * the generated index (earlier entries kept, re-imported ones replaced), lint findings and their exclusions. Refuses
 * (as `refused`) a uid that another source already defines. Writes nothing.
 */
export async function planImport(dashboards: readonly DashboardInput[], alerting: readonly AlertingDocument[], options: RunImportOptions): Promise<ImportPlan> {
  const importedDir = options.indexFile.split('/').slice(0, -1).join('/');
  const recordPath = `${importedDir}/${RECORD_FILE}`;
  const previous = await readRecord(`${options.rootDir}/${recordPath}`);
  const existingModules = new Map(previous.entries.filter((e) => e.field === 'dashboards').map((e) => [e.key, e.module]));
  const refused: RefusedInput[] = [];

  // A uid another source already defines: hand-written (always refused), or imported from elsewhere (--overwrite).
  const handWritten = new Set((options.project.dashboards ?? []).map((d) => String(d.dashboard.uid ?? '')));
  for (const key of options.importedKeys?.get('dashboards') ?? []) handWritten.delete(key);
  const seen = new Map<string, string>();
  const accepted = dashboards.filter((input) => {
    const uid = String(input.dashboard.uid ?? '');
    const earlier = previous.entries.find((e) => e.field === 'dashboards' && e.key === uid);
    const twice = seen.get(uid);
    seen.set(uid, input.origin);
    const variables = ((input.dashboard.templating as { list?: unknown } | undefined)?.list ?? []) as { name?: unknown }[];
    if (options.datasourceVariable !== undefined && !variables.some((v) => v?.name === options.datasourceVariable)) {
      refused.push({ origin: input.origin, reason: `--datasource-variable ${options.datasourceVariable}: the dashboard has no variable "${options.datasourceVariable}", so its panels would find no datasource`, hint: 'Name a datasource variable the dashboard has (its templating list), or import it without --datasource-variable.' });
    } else if (uid === '') {
      refused.push({ origin: input.origin, reason: `dashboard "${String(input.dashboard.title ?? '')}" has no uid`, hint: 'Give it a uid (its identity in Grafana; Grafana shows it in the URL, /d/<uid>/), then import again.' });
    } else if (twice !== undefined) {
      refused.push({ origin: input.origin, reason: `dashboard uid "${uid}" is also in ${twice}`, hint: 'Import one of the two, or give one another uid.' });
    } else if (uid !== '' && handWritten.has(uid)) {
      refused.push({ origin: input.origin, reason: `dashboard uid "${uid}" is already defined by the hand-written definitions`, hint: 'Change the uid in the input, or remove the hand-written dashboard first (--overwrite never replaces hand-written code).' });
    } else if (earlier && earlier.origin !== input.origin && !options.overwrite) {
      refused.push({ origin: input.origin, reason: `dashboard uid "${uid}" was imported earlier from ${earlier.origin}`, hint: 'Pass --overwrite to replace it with this one.' });
    } else return true;
    return false;
  });

  // Every dashboard goes in a folder the project declares (generate writes dashboards/<folderUid>/ per folder).
  const declared = (options.project.folders ?? []).map((f) => f.uid);
  if (options.folderUid !== undefined && !declared.includes(options.folderUid)) {
    throw new UsageError(`--folder-uid ${options.folderUid}: the project declares no such folder (it declares: ${declared.join(', ') || 'none'})`, 'Name a folder of the project\'s `folders`, or add the folder there first.');
  }
  const placed = accepted.flatMap((input) => {
    const own = input.folderUid !== undefined && declared.includes(input.folderUid) ? input.folderUid : undefined;
    const folderUid = options.folderUid ?? own ?? declared[0];
    if (folderUid === undefined) {
      refused.push({ origin: input.origin, reason: 'the project declares no folder to put the dashboard in', hint: 'Add a folder to the project\'s `folders` (or pass --folder-uid), then import again.' });
      return [];
    }
    return [{ ...input, folderUid }];
  });
  const results: ImportResult[] = [];
  if (placed.length > 0) results.push(await importDashboards(placed, { ...options, importedDir, existingModules }));
  if (alerting.length > 0) {
    if (!options.importAlerting) {
      for (const doc of alerting) refused.push({ origin: doc.origin, reason: 'it is an alerting file, and alerting import is not available in this build', hint: 'Import its dashboards alone for now (leave this file out).' });
    } else results.push(await options.importAlerting(alerting));
  }
  refused.push(...results.flatMap((r) => r.refused));
  const objects = results.flatMap((r) => r.objects);
  const index = results.flatMap((r) => r.index);
  const generated = results.flatMap((r) => r.files);

  // Lint the project as it will be: the new objects in place of the ones they replace, and the exclusions recorded
  // for the others (a re-imported object's own exclusions are recomputed, not applied to it).
  const reimported = new Set(index.map((e) => `${e.field}\u0000${e.key}`));
  const kept = previous.entries.filter((e) => !reimported.has(`${e.field}\u0000${e.key}`)).flatMap((e) => e.lintExclusions);
  const lint = kept.length > 0 ? { ...options.lint, exclusions: [...(options.lint?.exclusions ?? []), ...kept] } : options.lint;
  const findings = await lintImported(generated, index, { ...options, ...(lint ? { lint } : {}) });
  const origins = new Map(objects.map((o) => [`${fieldOf(o.kind)}\u0000${o.key}`, o.origin]));
  const added: RecordedEntry[] = index.map((entry) => ({
    ...entry,
    origin: origins.get(`${entry.field}\u0000${entry.key}`) ?? '',
    lintExclusions: uniqueExclusions(findings.filter((f) => f.entry === entry).map((f) => f.exclusion).filter((e) => e !== undefined)),
  }));
  const record = mergeRecord(previous, added);
  const files: GeneratedFile[] = [
    ...generated,
    { path: recordPath, text: recordText(record) },
    // Formatted as the modules are: the index is generated code the team reads in review too.
    { path: options.indexFile, text: (await formatTypeScript(new Map([[options.indexFile, indexText(record, options.indexFile)]]))).get(options.indexFile)! },
  ];
  const ownedDirs = [...new Set(index.map((e) => dirname(e.module).split(sep).join('/')))].filter((d) => d !== importedDir);
  return {
    files,
    objects,
    refused,
    findings: findings.map((f) => ({ ...f.issue, excluded: f.exclusion !== undefined, object: `${f.entry.field} ${f.entry.key}` })),
    ownedDirs,
  };
}

/** The project field a kind's definitions go in (`dashboard` -> `dashboards`, `rule-group` -> `ruleGroups`). */
function fieldOf(kind: string): string {
  return defaultRegistry.handlers.get(kind as never)?.definitions.field ?? kind;
}

async function lintImported(files: readonly GeneratedFile[], index: readonly IndexEntry[], options: RunImportOptions) {
  if (index.length === 0) return [];
  const values = await runGenerated(new Map(files.map((f) => [f.path, f.text])), index, options.definitionsImport ?? 'k2-grafana/definitions');
  const project: Record<string, unknown> = { ...options.project };
  const replaced = new Set(index.filter((e) => e.field === 'dashboards').map((e) => e.key));
  project.dashboards = (options.project.dashboards ?? []).filter((d) => !replaced.has(String(d.dashboard.uid ?? '')));
  index.forEach((entry, i) => {
    project[entry.field] = [...((project[entry.field] as unknown[] | undefined) ?? []), values[i]];
  });
  const issues = validateProject(project as ProjectDefinition, { rootDir: options.rootDir, ...(options.lint ? { lint: options.lint } : {}) });
  const out: { issue: Issue; entry: IndexEntry; exclusion: ReturnType<typeof exclusionFor> }[] = [];
  for (const issue of issues) {
    const entry = index.find((e) => (e.field === 'dashboards' ? issue.scope.dashboard === e.key : issue.scope.alertRule !== undefined && (issue.where[0] ?? '').startsWith(e.module)));
    if (entry) out.push({ issue, entry, exclusion: exclusionFor(issue) });
  }
  return out;
}
