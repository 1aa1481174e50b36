import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { NoInputError } from '../errors.js';
import type { JsonObject, JsonValue } from '../model/index.js';
import type { DashboardInput } from './dashboard/index.js';
import type { RefusedInput } from './import-result.js';

/** An alerting document for the alerting importer (src/import/alerting), as it takes them. */
export interface AlertingDocument {
  readonly origin: string;
  readonly document: unknown;
}

/** What the inputs hold, sorted by kind; `refused` are the inputs that are neither (the command then writes nothing). */
export interface ImportInputs {
  readonly dashboards: DashboardInput[];
  readonly alerting: AlertingDocument[];
  readonly refused: RefusedInput[];
  /** Files in a folder that are neither (a library panel, a Prometheus rule file without --from), with why. */
  readonly skipped: { readonly origin: string; readonly reason: string }[];
}

export interface ReadInputsOptions {
  /** `--from prometheus-rules`: Prometheus rule files found in folders are imported too (else skipped, and listed). */
  readonly prometheusRules?: boolean;
}

/** Alerting provisioning sections (grafana-http-api.md 12.2): a document with one of them is the alerting importer's. */
const ALERTING_SECTIONS = ['groups', 'contactPoints', 'policies', 'muteTimes', 'templates', 'deleteRules', 'deleteContactPoints', 'resetPolicies', 'deleteMuteTimes', 'deleteTemplates'];
/** File-provisioning documents that are neither (provider and datasource files beside the dashboards): skipped in folders. */
const OTHER_PROVISIONING = ['providers', 'datasources', 'deleteDatasources', 'apps', 'notifiers'];

/**
 * Reads the paths given to `import`: dashboard JSON files, folders of them (a file-provisioning folder included:
 * its provider YAML names each subfolder's Grafana folder), Kubernetes ConfigMaps (one, a list, or a multi-document
 * YAML) with dashboards embedded as strings, and alerting files (handed on by content). Files are read in sorted
 * order, so the same inputs always give the same result.
 */
export async function readImportInputs(paths: readonly string[], cwd: string, options: ReadInputsOptions = {}): Promise<ImportInputs> {
  const out: ImportInputs = { dashboards: [], alerting: [], refused: [], skipped: [] };
  const route = (value: unknown, origin: string, inFolder: boolean, folderUid?: string) => routeDocument(value, origin, out, inFolder, options, folderUid);
  for (const given of paths) {
    const absolute = resolve(cwd, given);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new NoInputError(`import: ${given}: no such file or folder`, 'Name dashboard JSON files, folders of them, ConfigMap YAML or alerting files that exist.');
    if (info.isDirectory()) await readFolder(absolute, cwd, out, route);
    else await readFileInput(absolute, cwd, out, route, false);
  }
  return out;
}

type Route = (value: unknown, origin: string, inFolder: boolean, folderUid?: string) => void;

async function readFolder(dir: string, cwd: string, out: ImportInputs, route: Route): Promise<void> {
  const files = await walk(dir);
  // Provider YAML: which Grafana folder each subfolder of dashboards goes to (our own layout: dashboards/<folderUid>/).
  const folderOfDir = new Map<string, string>();
  for (const file of files.filter((f) => /\.ya?ml$/i.test(f))) {
    for (const doc of await yamlDocuments(file).catch(() => [])) {
      if (!isObject(doc) || !Array.isArray(doc.providers)) continue;
      for (const provider of doc.providers) {
        const path = isObject(provider) && isObject(provider.options) && typeof provider.options.path === 'string' ? provider.options.path : undefined;
        const folderUid = isObject(provider) && typeof provider.folderUid === 'string' ? provider.folderUid : undefined;
        if (path && folderUid !== undefined) folderOfDir.set(path.split('/').filter(Boolean).pop() ?? '', folderUid);
      }
    }
  }
  for (const file of files) {
    if (!/\.(json|ya?ml)$/i.test(file)) continue;
    const parent = relative(dir, file).split(sep).slice(-2, -1)[0];
    await readFileInput(file, cwd, out, route, true, parent !== undefined ? folderOfDir.get(parent) : undefined);
  }
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}

async function readFileInput(file: string, cwd: string, out: ImportInputs, route: Route, inFolder: boolean, folderUid?: string): Promise<void> {
  const origin = relative(cwd, file) || file;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new NoInputError(`import: cannot read ${origin}: ${(error as Error).message}`, 'Check the file exists and is readable.', { cause: error });
  }
  const refuse = (reason: string, hint: string) => out.refused.push({ origin, reason, hint });
  if (extname(file).toLowerCase() === '.json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      refuse(`not JSON: ${(error as Error).message}`, 'Export the dashboard again (Share > Export > Save to file, or GET /api/dashboards/uid/<uid>).');
      return;
    }
    route(value, origin, inFolder, folderUid);
    return;
  }
  let docs: unknown[];
  try {
    docs = await yamlDocuments(file, text);
  } catch (error) {
    refuse(`not YAML or JSON: ${(error as Error).message.split('\n')[0]}`, 'Give dashboard JSON, ConfigMap YAML, or alerting provisioning YAML.');
    return;
  }
  docs.forEach((doc, i) => route(doc, docs.length > 1 ? `${origin}#${i + 1}` : origin, inFolder, folderUid));
}

/** Sorts one parsed document to its importer, or refuses it saying what it is. */
function routeDocument(value: unknown, origin: string, out: ImportInputs, inFolder: boolean, options: ReadInputsOptions, folderUid?: string): void {
  if (isObject(value) && (value.kind === 'ConfigMap' || value.kind === 'ConfigMapList' || (value.kind === 'List' && Array.isArray(value.items)))) {
    const maps = value.kind === 'ConfigMap' ? [value] : (value.items as JsonValue[]).filter(isObject);
    for (const map of maps) readConfigMap(map, origin, out, options);
    return;
  }
  const dashboard = dashboardOf(value);
  if (dashboard) {
    out.dashboards.push({ origin, dashboard: dashboard.dashboard, ...(dashboard.folderUid ?? folderUid) !== undefined ? { folderUid: dashboard.folderUid ?? folderUid! } : {} });
    return;
  }
  if (isObject(value) && (value.apiVersion !== undefined || Array.isArray(value.groups)) && ALERTING_SECTIONS.some((s) => value[s] !== undefined)) {
    // In a folder (this project's own provisioning/ holds the Prometheus equivalents of its Grafana rules), a
    // Prometheus rule file is only taken when asked; named, it goes to the alerting importer, which says what it is.
    if (inFolder && value.apiVersion === undefined && !options.prometheusRules) {
      out.skipped.push({ origin, reason: 'a Prometheus rule file (pass --from prometheus-rules to convert it)' });
      return;
    }
    out.alerting.push({ origin, document: value });
    return;
  }
  if (inFolder && isObject(value) && OTHER_PROVISIONING.some((s) => value[s] !== undefined)) return;
  if (inFolder && isObject(value) && isObject(value.model) && typeof value.uid === 'string' && typeof value.name === 'string') {
    out.skipped.push({ origin, reason: 'a library panel (import takes dashboards and alerting; the dashboards keep their references to it)' });
    return;
  }
  out.refused.push({
    origin,
    reason: `not a dashboard: ${describe(value)}`,
    hint: 'Give a dashboard model (with panels or rows), the {dashboard, meta} JSON Grafana returns, a ConfigMap holding dashboards, or an alerting file.',
  });
}

function readConfigMap(map: JsonObject, origin: string, out: ImportInputs, options: ReadInputsOptions): void {
  const name = isObject(map.metadata) && typeof map.metadata.name === 'string' ? map.metadata.name : '(unnamed)';
  const data = isObject(map.data) ? map.data : {};
  for (const key of Object.keys(data).sort()) {
    const value = data[key];
    const at = `${origin}#${name}/${key}`;
    if (typeof value !== 'string') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      if (key.endsWith('.json')) out.refused.push({ origin: at, reason: `not JSON: ${(error as Error).message}`, hint: 'Each dashboard in a ConfigMap is a JSON string.' });
      continue;
    }
    routeDocument(parsed, at, out, true, options);
  }
}

/** A dashboard model, from a bare dashboard or the `{dashboard, meta}` / `{dashboard, folderUid}` envelopes. */
export function dashboardOf(value: unknown): { dashboard: JsonObject; folderUid?: string } | undefined {
  if (!isObject(value)) return undefined;
  if (isObject(value.dashboard) && isDashboardModel(value.dashboard)) {
    const folderUid = isObject(value.meta) && typeof value.meta.folderUid === 'string' ? value.meta.folderUid : typeof value.folderUid === 'string' ? value.folderUid : undefined;
    return { dashboard: value.dashboard, ...(folderUid !== undefined ? { folderUid } : {}) };
  }
  return isDashboardModel(value) ? { dashboard: value } : undefined;
}

function isDashboardModel(value: JsonObject): boolean {
  return (Array.isArray(value.panels) || Array.isArray(value.rows)) && (typeof value.title === 'string' || typeof value.uid === 'string');
}

async function yamlDocuments(file: string, text?: string): Promise<unknown[]> {
  const source = text ?? (await readFile(file, 'utf8'));
  const docs = parseAllDocuments(source);
  const list = Array.isArray(docs) ? docs : [docs];
  const out: unknown[] = [];
  for (const doc of list) {
    if (doc.errors.length > 0) throw new Error(doc.errors[0]!.message);
    const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'it is a JSON list';
  if (!isObject(value)) return `it is ${value === null ? 'null' : `a ${typeof value}`}`;
  const keys = Object.keys(value).slice(0, 6).join(', ');
  return `it has no panels or rows (top-level keys: ${keys || 'none'})`;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
