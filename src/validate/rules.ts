import type { JsonObject, JsonValue, ProjectDefinition } from '../model/index.js';
import { uidProblem } from './grafana-uid.js';
import { arrayAt, isObject, numberAt, objectAt, stringAt } from './json.js';
import { finding, place, type Finding, type Place } from './place.js';
import { parsePrometheusDuration } from './prometheus-duration.js';
import type { LintRuleId } from './rules-catalog.js';
import { where } from './where.js';

/** Grafana's scheduler ticks every 10 s; group intervals must be positive multiples (grafana-http-api.md 6.1). */
export const SCHEDULER_INTERVAL_SECONDS = 10;
const NO_DATA_STATES = ['NoData', 'Alerting', 'OK', 'KeepLast'];
const EXEC_ERR_STATES = ['Alerting', 'Error', 'OK', 'KeepLast'];
const EXPRESSION_DATASOURCE = '__expr__';
/** Expression types whose `expression` field names the refId they read. */
const SINGLE_INPUT_EXPRESSIONS = new Set(['reduce', 'threshold', 'resample']);

export interface AlertRuleOptions {
  /**
   * Annotations every rule must carry.
   * @default ['summary', 'description', 'runbook_url']
   */
  readonly requiredAnnotations?: readonly string[];
  /**
   * Labels every rule must carry.
   * @default ['severity']
   */
  readonly requiredLabels?: readonly string[];
}

/**
 * Alert rule rules: group interval, folder, and per rule: uid (valid, unique across the project), title, required
 * annotations and labels, condition, queries (time range, datasource, expression inputs), `for`, and states.
 * Runbook anchors are checked in runbooks.ts.
 */
export function checkAlertRules(project: ProjectDefinition, options: AlertRuleOptions = {}): Finding[] {
  const requiredAnnotations = options.requiredAnnotations ?? ['summary', 'description', 'runbook_url'];
  const requiredLabels = options.requiredLabels ?? ['severity'];
  const folders = new Set((project.folders ?? []).map((f) => f.uid));
  const datasources = new Set((project.datasources ?? []).map((d) => d.uid));
  const uidOwners = new Map<string, string>();
  const issues: Finding[] = [];

  for (const { source, group } of (project.ruleGroups ?? [])) {
    const title = stringAt(group.title);
    const groupAt = place.of(source, where.ruleGroup(title));
    const addGroup = (rule: LintRuleId, message: string): void => {
      issues.push(finding(groupAt, rule, message));
    };
    if (!title?.trim()) addGroup('rule-group-title', 'has no title');
    const intervalProblem = checkInterval(group.interval);
    if (intervalProblem) addGroup('rule-group-interval', intervalProblem);
    const folderUid = stringAt(group.folderUid);
    if (folderUid === undefined || !folders.has(folderUid)) {
      addGroup('folder-ref', `folderUid ${folderUid === undefined ? 'is missing' : `"${folderUid}" is not one of the project's folders`}`);
    }
    const rules = arrayAt(group.rules);
    if (rules.length === 0) addGroup('rule-group-empty', 'has no rules');

    rules.forEach((rule, r) => {
      if (!isObject(rule)) return;
      const ruleAt = place.rule(groupAt, rule, r);
      const add = (ruleId: LintRuleId, message: string, at: Place = ruleAt): void => {
        issues.push(finding(at, ruleId, message));
      };
      const uidIssue = uidProblem(rule.uid);
      if (uidIssue) add('rule-uid', `${uidIssue}: Grafana rule uids are 1-40 letters, digits, '-' or '_'`);
      else {
        const uid = rule.uid as string;
        const owner = uidOwners.get(uid);
        if (owner) add('rule-uid-duplicate', `uid "${uid}" is also used by ${owner}: rule uids must be unique`);
        else uidOwners.set(uid, ruleAt.where.slice(1).join(' > '));
      }
      if (!stringAt(rule.title)?.trim()) add('rule-title', 'has no title');
      if (rule.folderUID !== undefined && folderUid !== undefined && rule.folderUID !== folderUid) {
        add('folder-ref', `folderUID "${String(rule.folderUID)}" differs from its group's folderUid "${folderUid}"`);
      }

      const annotations = objectAt(rule.annotations) ?? {};
      for (const key of requiredAnnotations) {
        if (!stringAt(annotations[key])?.trim()) add('rule-annotation', `has no "${key}" annotation`);
      }
      const labels = objectAt(rule.labels) ?? {};
      for (const key of requiredLabels) {
        if (!stringAt(labels[key])?.trim()) add('rule-label', `has no "${key}" label`);
      }

      // A recording rule has no condition, states or `for` (Grafana clears them); its `record` is checked instead.
      const record = objectAt(rule.record);
      if (!record) checkState(rule.noDataState, 'noDataState', NO_DATA_STATES, add);
      if (!record) checkState(rule.execErrState, 'execErrState', EXEC_ERR_STATES, add);
      for (const field of record ? [] : (['for', 'keep_firing_for'] as const)) {
        const value = rule[field];
        if (value === undefined && field === 'keep_firing_for') continue;
        if (typeof value !== 'string' || parsePrometheusDuration(value) === undefined) {
          add('rule-for', `"${field}" must be a Prometheus duration such as "0s" or "5m", not ${JSON.stringify(value ?? null)}`);
        }
      }

      const data = arrayAt(rule.data).filter(isObject);
      if (data.length === 0) add('rule-data', 'has no queries or expressions');
      const refIds = new Set<string>();
      data.forEach((query, q) => {
        const refId = stringAt(query.refId);
        const queryAt = place.query(ruleAt, refId, q);
        if (!refId) add('query-refid', 'has no refId', queryAt);
        else if (refIds.has(refId)) add('query-refid', `refId "${refId}" is used twice in this rule`, queryAt);
        else refIds.add(refId);
      });
      if (record) recordingRuleIssues(record, refIds).forEach((message) => add('recording-rule', message));
      const condition = stringAt(rule.condition);
      // On a recording rule `record.from` plays the condition's part (validateRecordingRuleFields).
      if (!record && !condition) add('rule-condition', 'has no condition: name the refId of the final expression');
      else if (!record && condition && !refIds.has(condition)) {
        add('rule-condition', `condition "${condition}" names no query or expression (refIds: ${[...refIds].join(', ') || 'none'})`);
      }
      data.forEach((query, q) => {
        const queryAt = place.query(ruleAt, stringAt(query.refId), q);
        const uid = stringAt(query.datasourceUid);
        const model = objectAt(query.model) ?? {};
        if (uid === EXPRESSION_DATASOURCE) {
          for (const input of expressionInputs(model)) {
            if (!refIds.has(input)) add('rule-expression-ref', `expression reads "${input}", which is no refId of this rule`, queryAt);
          }
          return;
        }
        if (uid === undefined || !datasources.has(uid)) {
          add('datasource-ref', `datasourceUid ${uid === undefined ? 'is missing' : `"${uid}" is not one of the project's datasources`}`, queryAt);
        }
        const range = objectAt(query.relativeTimeRange);
        const from = numberAt(range?.from);
        const to = numberAt(range?.to);
        if (from === undefined || to === undefined || !(from > to)) {
          add(
            'rule-time-range',
            `relativeTimeRange must have from > to (seconds before now), got ${JSON.stringify(query.relativeTimeRange ?? null)}`,
            queryAt,
          );
        }
      });
    });
  }
  return issues;
}

/** Prometheus' model.IsValidMetricName (legacy scheme), which Grafana's validateRecordingRuleFields applies. */
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** validateRecordingRuleFields: `from` names a query or expression; `metric` is a valid Prometheus metric name. */
function recordingRuleIssues(record: Record<string, JsonValue>, refIds: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const metric = stringAt(record.metric);
  if (metric === undefined || !METRIC_NAME.test(metric)) {
    out.push(`record.metric ${JSON.stringify(metric ?? null)} is not a valid Prometheus metric name (letters, digits, '_' and ':', not starting with a digit): Grafana refuses it ("metric name for recording rule must be a valid Prometheus metric name")`);
  }
  const from = stringAt(record.from);
  if (!from || !refIds.has(from)) out.push(`record.from ${JSON.stringify(from ?? null)} names no query or expression of this rule (refIds: ${[...refIds].join(', ') || 'none'})`);
  return out;
}

/** Why a group interval is invalid (seconds as a number, or a duration string), or undefined. */
function checkInterval(interval: JsonValue | undefined): string | undefined {
  const seconds =
    typeof interval === 'number' ? interval : typeof interval === 'string' ? (parsePrometheusDuration(interval) ?? NaN) / 1000 : NaN;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds % SCHEDULER_INTERVAL_SECONDS !== 0) {
    return `interval ${JSON.stringify(interval ?? null)} must be a positive multiple of ${SCHEDULER_INTERVAL_SECONDS}s (Grafana's scheduler interval)`;
  }
  return undefined;
}

function checkState(
  value: JsonValue | undefined,
  field: string,
  allowed: readonly string[],
  add: (rule: LintRuleId, message: string) => void,
): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    add('rule-state', `${field} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value ?? null)}`);
  }
}

/** The refIds an expression model reads: `expression` for reduce/threshold/resample, `$X` / `${X}` in math. */
function expressionInputs(model: JsonObject): string[] {
  const type = stringAt(model.type);
  const expression = stringAt(model.expression);
  if (expression === undefined) return [];
  if (type !== undefined && SINGLE_INPUT_EXPRESSIONS.has(type)) return [expression];
  if (type === 'math') return [...expression.matchAll(/\$\{([^}]+)\}|\$([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? m[2]);
  return [];
}
