import { createHash } from 'node:crypto';
import type { JsonObject } from '../../model/index.js';
import { formatDurationMs, isJsonObject, parseDurationMs } from '../../normalise/index.js';

/**
 * Prometheus rule groups as Grafana-managed rule groups, the way Grafana's own converter does it
 * (grafana/grafana pkg/services/ngalert/prom/convert.go `convertRule`/`createQuery`, query.go): an alerting rule
 * becomes three nodes, the PromQL instant query `query`, the math `prometheus_math` = `is_number($query) ||
 * is_nan($query) || is_inf($query)`, and the threshold `threshold` (> 0) as condition, so every series the
 * expression returns fires, as in Prometheus; no-data and error states OK; `missing_series_evals_to_resolve` 1 (an
 * alert resolves as soon as its series is gone); the group's labels under the rule's; the uid from the
 * `__grafana_alert_rule_uid__` label, else the same name-based UUID Grafana derives (org 1, folder, group, position).
 * A recording rule becomes a Grafana-managed recording rule: the `query` node and `record: {metric, from: query,
 * targetDatasourceUid}`, written back to the same datasource (Grafana needs its `grafanaManagedRecordingRules`
 * feature, and the datasource must accept remote writes).
 */
export interface PrometheusConversion {
  /** Uid of the Prometheus datasource the rules query (rules cannot use dashboard variables). */
  readonly datasourceUid: string;
  /** Folder the converted groups go in. */
  readonly folderUid: string;
  /** Evaluation interval of groups that set none (Prometheus's global default). @default 60 */
  readonly defaultIntervalSeconds?: number;
}

const RULE_UID_LABEL = '__grafana_alert_rule_uid__';
const NAMESPACE_OID = '6ba7b8129dad11d180b400c04fd430c8';
const EXPR = { type: '__expr__', uid: '__expr__' } as const;

/** RFC 4122 version 5 (SHA-1, name-based) UUID, as Go's uuid.NewSHA1. */
function uuidV5(namespaceHex: string, name: string): string {
  const hash = createHash('sha1').update(Buffer.from(namespaceHex, 'hex')).update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function stringMap(value: unknown): Record<string, string> {
  if (!isJsonObject(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

function duration(value: unknown): string | undefined {
  const ms = parseDurationMs(value);
  return ms === undefined ? undefined : formatDurationMs(ms);
}

/** What converting one rule changed, in words for the report. */
export interface ConvertedGroup {
  readonly group: { title: string; folderUid: string; interval: number; rules: JsonObject[] };
  readonly notes: { path: string; what: string }[];
}

export function convertPrometheusGroup(group: JsonObject, options: PrometheusConversion): ConvertedGroup {
  const name = String(group.name ?? '');
  const intervalMs = parseDurationMs(group.interval);
  const interval = intervalMs === undefined ? (options.defaultIntervalSeconds ?? 60) : Math.round(intervalMs / 1000);
  const offset = parseDurationMs(group.query_offset) ?? 0;
  const groupLabels = stringMap(group.labels);
  const notes: { path: string; what: string }[] = [];
  const rules = (Array.isArray(group.rules) ? group.rules.filter(isJsonObject) : []).map((rule, i): JsonObject => {
    const recording = typeof rule.record === 'string';
    const labels = { ...groupLabels, ...stringMap(rule.labels) };
    const uid = labels[RULE_UID_LABEL] ?? uuidV5(NAMESPACE_OID, `1|${options.folderUid}|${name}|${i}`);
    const query: JsonObject = {
      refId: 'query',
      datasourceUid: options.datasourceUid,
      relativeTimeRange: { from: 600 + offset / 1000, to: offset / 1000 },
      model: { datasource: { type: 'prometheus', uid: options.datasourceUid }, expr: String(rule.expr), instant: true, range: false, refId: 'query' },
    };
    const path = `rules[${i}]`;
    const common: JsonObject = { uid, title: String(recording ? rule.record : rule.alert), isPaused: false, missingSeriesEvalsToResolve: 1 };
    if (Object.keys(labels).length > 0) common.labels = labels;
    if (recording) {
      notes.push({ path, what: `Prometheus recording rule "${String(rule.record)}" converted to a Grafana-managed recording rule writing to datasource ${options.datasourceUid} (needs Grafana's grafanaManagedRecordingRules feature and a datasource that accepts remote writes)` });
      return { ...common, condition: 'query', data: [query], record: { metric: String(rule.record), from: 'query', targetDatasourceUid: options.datasourceUid } };
    }
    notes.push({ path, what: `Prometheus alerting rule "${String(rule.alert)}" converted to a Grafana-managed rule as Grafana's converter does (query, prometheus_math, threshold; no-data and error states OK)` });
    const out: JsonObject = {
      ...common,
      condition: 'threshold',
      noDataState: 'OK',
      execErrState: 'OK',
      data: [
        query,
        { refId: 'prometheus_math', queryType: 'math', datasourceUid: '__expr__', model: { datasource: { ...EXPR }, expression: 'is_number($query) || is_nan($query) || is_inf($query)', refId: 'prometheus_math', type: 'math' } },
        { refId: 'threshold', queryType: 'threshold', datasourceUid: '__expr__', model: { datasource: { ...EXPR }, expression: 'prometheus_math', conditions: [{ evaluator: { type: 'gt', params: [0] } }], refId: 'threshold', type: 'threshold' } },
      ],
      for: duration(rule.for) ?? '0s',
    };
    const keep = duration(rule.keep_firing_for);
    if (keep !== undefined) out.keep_firing_for = keep;
    if (isJsonObject(rule.annotations)) out.annotations = stringMap(rule.annotations);
    return out;
  });
  return { group: { title: name, folderUid: options.folderUid, interval, rules }, notes };
}
