import type { JsonValue } from '../model/index.js';
import { isJsonObject } from './json.js';

/*
 * Grafana's built-in datasources as they appear by name in old dashboards (`"datasource": "-- Mixed --"`) and by
 * uid in new ones. Names and uids: public/app/plugins/datasource/{mixed,grafana,dashboard} (MIXED_DATASOURCE_NAME
 * '-- Mixed --', GRAFANA_DATASOURCE_NAME '-- Grafana --' with uid 'grafana', SHARED_DASHBOARD_QUERY '-- Dashboard --').
 */
const BUILT_IN_UIDS: Readonly<Record<string, string>> = {
  '-- Mixed --': '-- Mixed --',
  '-- Grafana --': 'grafana',
  '-- Dashboard --': '-- Dashboard --',
};

/**
 * One form for a datasource reference: `{ uid }`, or undefined for "the default datasource".
 * - Strings (schemaVersion < 33 stored names) become `{ uid: name }`, as Grafana's own
 *   `migrateDatasourceNameToRef` does for names it cannot resolve; built-in names map to their uids.
 * - `null`, `"default"` and absent all mean the default datasource (migrateDatasourceNameToRef with
 *   returnDefaultAsNull), so they are dropped.
 * - `type` is dropped: the uid names the datasource, and Grafana's migrations (v33, v36) add or omit `type` for the
 *   same datasource, which would otherwise show as a change.
 * - `$ds` and `${ds}` are the same template variable, written `${ds}`.
 */
export function normaliseDatasourceRef(value: JsonValue | undefined): JsonValue | undefined {
  if (value === undefined || value === null || value === 'default' || value === '') return undefined;
  let uid: JsonValue | undefined;
  if (typeof value === 'string') uid = value;
  else if (isJsonObject(value)) {
    uid = value.uid;
    if (uid === undefined || uid === null || uid === '') {
      // `{type: 'prometheus'}` without a uid: the default datasource of that type. Keep what it says.
      return typeof value.type === 'string' ? { type: value.type } : undefined;
    }
  } else return value;
  if (typeof uid !== 'string') return { uid };
  const builtIn = BUILT_IN_UIDS[uid];
  if (builtIn !== undefined) return { uid: builtIn };
  const variable = /^\$([A-Za-z0-9_]+)$/.exec(uid);
  return { uid: variable ? `\${${variable[1]}}` : uid };
}
