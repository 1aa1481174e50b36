import type { JsonObject, JsonValue } from '../model/index.js';
import { canonicalDuration, parseDurationMs } from './duration.js';
import { canonicalJson, isJsonObject, jsonEqual, omitKeys, stripDefaults } from './json.js';

/*
 * The one alert rule group normaliser, for every shape a group comes in:
 * - the provisioning API's AlertRuleGroup `{title, folderUid, interval: <seconds>, rules: ProvisionedAlertRule[]}`
 *   (grafana-http-api.md 6.1), which is also what the foundation SDK's RuleGroupBuilder builds;
 * - the file-provisioning / export group `{orgId, name, folder, interval: "1m", rules: [...]}` (12.2, 6.3), whose
 *   rules spell some keys differently (`keepFiringFor`, `missing_series_evals_to_resolve`).
 * Output: `{title, folderUid?, folder?, interval, rules}` with rules sorted by uid, queries by refId, durations in one
 * canonical form, and the fields below dropped or defaulted. Pure: it copies, never mutates.
 */

/**
 * Server-owned or redundant rule fields: `id`, `updated`, `provenance` (read-only, 6.1), `orgID`/`orgId` (the server
 * overwrites it with the caller's org, 6.1), `folderUID`/`ruleGroup` (the group's path wins on PUT, 6.2), and the
 * `guid`/`version` some versions add.
 */
const RULE_SERVER_FIELDS = ['id', 'updated', 'provenance', 'orgID', 'orgId', 'folderUID', 'ruleGroup', 'guid', 'version'] as const;

/** What Grafana empties on a recording rule (ngalert models ClearRecordingRuleIgnoredFields). */
const RECORDING_IGNORED_FIELDS = ['noDataState', 'execErrState', 'condition', 'for', 'notificationSettings'] as const;

/** Defaults applied when absent (12.2: noDataState NoData, execErrState Alerting; `for` absent means 0s). */
const RULE_FILLED_DEFAULTS: Readonly<Record<string, JsonValue>> = { noDataState: 'NoData', execErrState: 'Alerting', for: '0s' };

/** Fields that mean "nothing" at their default and are omitted (6.1: keep_firing_for is always emitted as "0s"; notification_settings and record as null). */
const RULE_EMPTY_DEFAULTS: Readonly<Record<string, JsonValue>> = {
  keepFiringFor: '0s', isPaused: false, labels: {}, annotations: {}, notificationSettings: null, record: null,
  dashboardUid: '', panelId: 0,
};

/** Key spellings of the export / file format mapped to one name. */
const RULE_KEY_ALIASES: Readonly<Record<string, string>> = {
  keep_firing_for: 'keepFiringFor',
  notification_settings: 'notificationSettings',
  missing_series_evals_to_resolve: 'missingSeriesEvalsToResolve',
  dasboardUid: 'dashboardUid', // a typo 12.2 says file provisioning still accepts
};

/**
 * Query model defaults `AlertQuery.PreSave` writes (intervalMs 1000, maxDataPoints 43200; grafana-http-api.md 6.1,
 * the same pair the Terraform provider's normalizeModelJSON drops), plus `hide: false`.
 */
const MODEL_DEFAULTS: Readonly<Record<string, JsonValue>> = { intervalMs: 1000, maxDataPoints: 43200, hide: false };

function seconds(value: JsonValue | undefined): JsonValue | undefined {
  if (typeof value === 'number') return value;
  const ms = parseDurationMs(value);
  return ms === undefined ? value : ms / 1000;
}

function normaliseQuery(query: JsonValue): JsonValue {
  if (!isJsonObject(query)) return query;
  let out = { ...query };
  if (out.queryType === '' || out.queryType === null) delete out.queryType;
  if (isJsonObject(out.relativeTimeRange)) {
    const range = { from: seconds(out.relativeTimeRange.from) ?? 0, to: seconds(out.relativeTimeRange.to) ?? 0 };
    // Expressions have no time range; Grafana returns {from: 0, to: 0} for them.
    if (range.from === 0 && range.to === 0) delete out.relativeTimeRange;
    else out.relativeTimeRange = range;
  }
  if (isJsonObject(out.model)) {
    let model = stripDefaults(out.model, MODEL_DEFAULTS);
    if (model.refId === out.refId) model = omitKeys(model, ['refId']);
    // The UI copies the query's datasource into its model; with the same uid it repeats datasourceUid.
    if (isJsonObject(model.datasource) && model.datasource.uid === out.datasourceUid) model = omitKeys(model, ['datasource']);
    if (model.editorMode !== undefined) model = omitKeys(model, ['editorMode']);
    out.model = model;
  }
  return out;
}

function normaliseRule(rule: JsonValue): JsonValue {
  if (!isJsonObject(rule)) return rule;
  const renamed: JsonObject = {};
  for (const [key, value] of Object.entries(rule)) renamed[RULE_KEY_ALIASES[key] ?? key] = value;
  let out = omitKeys(renamed, RULE_SERVER_FIELDS);
  // A recording rule (`record: {metric, from}`): Grafana clears what only alerting uses (ClearRecordingRuleIgnoredFields).
  if (isJsonObject(out.record)) out = omitKeys(out, RECORDING_IGNORED_FIELDS);
  else for (const [key, value] of Object.entries(RULE_FILLED_DEFAULTS)) {
    if (out[key] === undefined || out[key] === null || out[key] === '') out[key] = value;
  }
  for (const key of ['for', 'keepFiringFor'] as const) if (out[key] !== undefined) out[key] = canonicalDuration(out[key]) as JsonValue;
  out = stripDefaults(out, RULE_EMPTY_DEFAULTS);
  if (Array.isArray(out.data)) {
    const data = out.data.map(normaliseQuery);
    data.sort((a, b) => refIdOf(a).localeCompare(refIdOf(b)));
    out.data = data;
  }
  if (isJsonObject(out.notificationSettings)) {
    const settings = stripDefaults(out.notificationSettings, { group_by: [], mute_time_intervals: [], active_time_intervals: [] });
    out.notificationSettings = settings;
  }
  return out;
}

function refIdOf(query: JsonValue): string {
  return isJsonObject(query) && typeof query.refId === 'string' ? query.refId : '';
}

function ruleKey(rule: JsonValue): string {
  if (!isJsonObject(rule)) return '';
  return typeof rule.uid === 'string' && rule.uid !== '' ? rule.uid : `~${String(rule.title ?? '')}`;
}

/** The canonical form of an alert rule group (see the file comment for the shapes it accepts). */
export function normaliseRuleGroup(input: unknown): JsonObject {
  if (!isJsonObject(input)) throw new TypeError('an alert rule group must be a JSON object');
  const group = canonicalJson(input as JsonValue) as JsonObject;
  const rules = Array.isArray(group.rules) ? group.rules : [];
  const firstRule = rules.find(isJsonObject);
  const out: JsonObject = {};
  const title = group.title ?? group.name ?? firstRule?.ruleGroup;
  if (title !== undefined) out.title = title;
  const folderUid = group.folderUid ?? group.folderUID ?? firstRule?.folderUID;
  if (folderUid !== undefined && folderUid !== '') out.folderUid = folderUid;
  if (group.folder !== undefined) out.folder = group.folder;
  if (group.interval !== undefined) out.interval = canonicalDuration(group.interval) as JsonValue;
  const normalised = rules.map(normaliseRule);
  normalised.sort((a, b) => ruleKey(a).localeCompare(ruleKey(b)));
  out.rules = normalised;
  return canonicalJson(out);
}

/** True when two groups are the same once normalised. */
export function ruleGroupsEqual(a: unknown, b: unknown): boolean {
  return jsonEqual(normaliseRuleGroup(a), normaliseRuleGroup(b));
}
