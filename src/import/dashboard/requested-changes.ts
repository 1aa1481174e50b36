import type { JsonObject, JsonValue } from '../../model/index.js';
import { legacyRowsToPanels } from '../../normalise/index.js';
import type { RequestedChange } from '../import-result.js';
import { isObject } from './expression.js';

/** What the importer changes, only when asked (each change is listed in the report). */
export interface RequestedChangeOptions {
  /** `--datasource-variable NAME`: concrete datasource uids become `${NAME}`. */
  readonly datasourceVariable?: string;
  /** `--datasource-refs`: a datasource written as a name (`"datasource": "Prometheus"`) becomes `{ uid: name }`. */
  readonly datasourceRefs?: boolean;
  /** `--grid`: a legacy `rows[]` layout becomes grid panels (Grafana's own migration, src/normalise/legacy-rows.ts). */
  readonly grid?: boolean;
}

/** Grafana's built-in datasources (public/app/plugins/datasource/{mixed,grafana,dashboard}, expressions): never a variable. */
const BUILT_IN = new Set(['-- Mixed --', '-- Grafana --', 'grafana', '-- Dashboard --', '__expr__', '-- Expression --']);

/** The dashboard with the requested changes made, and each change by path. */
export function applyRequestedChanges(input: JsonObject, options: RequestedChangeOptions): { dashboard: JsonObject; changed: RequestedChange[] } {
  const changed: RequestedChange[] = [];
  let dashboard: JsonObject = structuredClone(input);
  if (options.grid && Array.isArray(dashboard.rows)) {
    const { rows, ...rest } = dashboard;
    dashboard = { ...rest, panels: legacyRowsToPanels(rows as JsonValue[]) };
    changed.push({ path: 'rows', what: `legacy rows[] (${(rows as JsonValue[]).length} rows) converted to grid panels with gridPos, as Grafana's migration does` });
  }
  const variableType = options.datasourceVariable !== undefined ? datasourceVariableType(dashboard, options.datasourceVariable) : undefined;
  const visit = (value: JsonValue, path: string): void => {
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}[${i}]`));
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (key === 'datasource' && child !== undefined) {
        const next = changeDatasource(child, here, options, variableType, changed);
        if (next !== child) value[key] = next;
        continue;
      }
      visit(child, here);
    }
  };
  for (const key of ['panels', 'rows', 'annotations']) if (dashboard[key] !== undefined) visit(dashboard[key]!, key);
  return { dashboard, changed };
}

function changeDatasource(value: JsonValue, path: string, options: RequestedChangeOptions, variableType: string | undefined, changed: RequestedChange[]): JsonValue {
  let next = value;
  if (options.datasourceRefs && typeof next === 'string' && next !== '' && next !== 'default') {
    const uid = /^\$([A-Za-z0-9_]+)$/.exec(next) ? `\${${next.slice(1)}}` : next;
    changed.push({ path, what: `datasource name "${next}" written as a reference { uid: "${uid}" }` });
    next = { uid };
  }
  if (options.datasourceVariable !== undefined && isObject(next) && typeof next.uid === 'string') {
    const uid = next.uid;
    const type = typeof next.type === 'string' ? next.type : undefined;
    const concrete = !uid.startsWith('$') && !BUILT_IN.has(uid) && uid !== '';
    if (concrete && (variableType === undefined || type === undefined || type === variableType)) {
      const variable = `\${${options.datasourceVariable}}`;
      changed.push({ path: `${path}.uid`, what: `datasource uid "${uid}" replaced by the variable ${variable}` });
      next = { ...next, uid: variable };
    }
  }
  return next;
}

/** The type of the dashboard's datasource variable of that name (its `query`), when it has one. */
function datasourceVariableType(dashboard: JsonObject, name: string): string | undefined {
  const list = isObject(dashboard.templating) && Array.isArray(dashboard.templating.list) ? dashboard.templating.list : [];
  const variable = list.find((v) => isObject(v) && v.type === 'datasource' && v.name === name);
  return isObject(variable) && typeof variable.query === 'string' ? variable.query : undefined;
}
