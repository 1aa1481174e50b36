import type { DashboardDefinition, JsonObject, JsonValue } from '../../model/index.js';
import { canonicalJson } from '../../render/canonical.js';
import type { GeneratedFile, ImportedObject, ImportResult, IndexEntry, InexactItem } from '../import-result.js';
import { formatTypeScript } from '../format.js';
import { dashboardModule, SERVER_OWNED, type DashboardModule } from './dashboard-module.js';
import { isObject } from './expression.js';
import { kebabName, UniqueNames } from '../names.js';
import { applyRequestedChanges, type RequestedChangeOptions } from './requested-changes.js';
import { runGenerated } from '../run-generated.js';

/** One dashboard to import and where it came from. */
export interface DashboardInput {
  /** A file path (relative to cwd), `<file>#<ConfigMap item>`, or `grafana:<uid>`. */
  readonly origin: string;
  readonly dashboard: JsonObject;
  /** The folder it sits in, when the source says (a provisioning provider, a live Grafana). @default '' (General) */
  readonly folderUid?: string;
}

export interface ImportDashboardsOptions extends RequestedChangeOptions {
  /** Folder of the generated modules, relative to the project root: `grafana/imported`. */
  readonly importedDir: string;
  /** Module specifier the generated code imports the helpers from. @default 'k2-grafana/definitions' */
  readonly definitionsImport?: string;
  /** Module folders already used by an earlier import, by dashboard uid: a re-import writes over its own files. */
  readonly existingModules?: ReadonlyMap<string, string>;
  /** Called after each dashboard is made into code (progress). */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Dashboards -> TypeScript modules in the shape of a hand-written dashboard (index as table of contents, a factory per
 * panel, variables and annotations in their own files), with builders wherever the SDK has one and `withRaw` for the
 * rest. Every module is then run and its output compared with the original in canonical form (minus the server-owned
 * id/version/iteration); what differs is reported as inexact, by path. Writes nothing: the command does.
 */
export async function importDashboards(inputs: readonly DashboardInput[], options: ImportDashboardsOptions): Promise<ImportResult> {
  const definitionsImport = options.definitionsImport ?? 'k2-grafana/definitions';
  const dirs = new UniqueNames({ reserved: [...(options.existingModules?.values() ?? [])].map((m) => m.split('/').slice(-2, -1)[0] ?? '') });
  const modules: { input: DashboardInput; module: DashboardModule; wanted: JsonObject; changed: ImportedObject['changed'] }[] = [];
  inputs.forEach((input, i) => {
    const { dashboard, changed } = applyRequestedChanges(input.dashboard, options);
    const uid = typeof dashboard.uid === 'string' ? dashboard.uid : '';
    const title = typeof dashboard.title === 'string' ? dashboard.title : '';
    const existing = options.existingModules?.get(uid);
    const dir = existing ? existing.split('/').slice(0, -1).join('/') : `${options.importedDir}/${dirs.take(kebabName(title, kebabName(uid, 'dashboard')))}`;
    const module = dashboardModule(dashboard, { dir, definitionsImport, folderUid: input.folderUid ?? '', origin: input.origin });
    const wanted: JsonObject = { ...dashboard };
    for (const field of SERVER_OWNED) delete wanted[field];
    modules.push({ input, module, wanted, changed });
    options.onProgress?.(i + 1, inputs.length);
  });

  const unformatted = new Map<string, string>();
  for (const { module } of modules) for (const [path, text] of module.files) unformatted.set(path, text);
  const formatted = await formatTypeScript(unformatted);
  const regenerated = (await runGenerated(formatted, modules.map((m) => ({ module: m.module.indexFile, exportName: m.module.exportName })), definitionsImport)) as DashboardDefinition[];

  const objects: ImportedObject[] = modules.map(({ input, module, wanted, changed }, i) => {
    const got = regenerated[i]!;
    const inexact = canonicalJson(got.dashboard) === canonicalJson(wanted) ? [] : explain(wanted, got.dashboard);
    return {
      kind: 'dashboard',
      key: String(wanted.uid ?? ''),
      title: String(wanted.title ?? wanted.uid ?? ''),
      origin: input.origin,
      module: module.indexFile,
      parts: module.panels,
      raw: module.raw,
      inexact,
      changed,
    };
  });
  const files: GeneratedFile[] = [...formatted.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, text]) => ({ path, text }));
  const index: IndexEntry[] = modules.map(({ module, wanted }) => ({ field: 'dashboards', exportName: module.exportName, module: module.indexFile, key: String(wanted.uid ?? '') }));
  return { files, objects, refused: [], index };
}


/** Where two dashboards differ, field by field, with the panel each difference is in. */
export function explain(wanted: JsonObject, got: JsonObject): InexactItem[] {
  const items: InexactItem[] = [];
  const walk = (a: JsonValue | undefined, b: JsonValue | undefined, path: string): void => {
    if (items.length >= 50) return;
    if (isObject(a) && isObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], path ? `${path}.${key}` : key);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((item, i) => walk(item, b[i], `${path}[${i}]`));
      return;
    }
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    const panel = /^panels\[(\d+)\]/.exec(path);
    const within = panel ? panelName(wanted, Number(panel[1])) : undefined;
    items.push({ path, reason: `regenerated as ${short(b)} instead of ${short(a)}`, ...(within ? { within } : {}) });
  };
  walk(wanted, got, '');
  return items;
}

function panelName(dashboard: JsonObject, index: number): string | undefined {
  const panel = Array.isArray(dashboard.panels) ? dashboard.panels[index] : undefined;
  return isObject(panel) ? `panel "${String(panel.title ?? '')}" (id ${String(panel.id ?? '')})` : undefined;
}

function short(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
