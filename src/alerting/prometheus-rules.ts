import { definitionError } from '../definitions/definition-error.js';
import { parsePromql } from '../validate/promql/parse-promql.js';
import { substituteGrafanaDurations } from './grafana-variables.js';
import { promqlOperator, type Reducer, type ThresholdRule, type ThresholdRuleGroup } from './threshold-rule.js';

/** Prometheus alerting rule file (`rule_files:`), as `promtool check rules` / `promtool test rules` read it. */
export interface PrometheusRuleFile {
  readonly groups: readonly PrometheusRuleGroup[];
}
export interface PrometheusRuleGroup {
  readonly name: string;
  readonly interval: string;
  readonly rules: readonly (PrometheusAlertingRule | PrometheusRecordingRule)[];
}
/** A Prometheus recording rule: `expr` evaluated every group interval and stored as the series `record`. */
export interface PrometheusRecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}
export interface PrometheusAlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface PrometheusRulesOptions {
  /** `runbook_url` = base + '#' + anchor; the same base as the Grafana rules. */
  readonly runbookBaseUrl: string;
  /** The Prometheus datasource's scrape interval, for `$__rate_interval`. @default 15 */
  readonly scrapeIntervalSeconds?: number;
}

/** Range functions matching Grafana's reducers over the query's look-back window. */
const OVER_TIME: Readonly<Record<Exclude<Reducer, 'last'>, (inner: string) => string>> = {
  max: (q) => `max_over_time(${q})`,
  min: (q) => `min_over_time(${q})`,
  mean: (q) => `avg_over_time(${q})`,
  sum: (q) => `sum_over_time(${q})`,
  count: (q) => `count_over_time(${q})`,
  median: (q) => `quantile_over_time(0.5, ${q})`,
};

/**
 * The Prometheus equivalent of the same threshold rules, so they can be unit-tested with `promtool test rules` on
 * synthetic series: `(query) <op> value`. A rule whose no-data state is Alerting also gets an `absent(query)` rule
 * under the same alert name with label `no_data="true"`, because Prometheus, unlike Grafana, never fires on an empty
 * result. Grafana's variables are replaced by the durations Grafana would use (grafana-variables.ts), and every
 * expression is parsed as Prometheus will run it: a rule file promtool would reject is never produced.
 */
export function compilePrometheusRules(groups: readonly ThresholdRuleGroup[], options: PrometheusRulesOptions): PrometheusRuleFile {
  return {
    groups: groups.map((group) => ({
      name: group.name,
      interval: `${group.intervalSeconds}s`,
      rules: group.rules.flatMap((rule) => {
        const where = [`rule group "${group.name}"`, `rule "${rule.title}"`];
        const range = rule.relativeTimeRange ?? { from: 600, to: 0 };
        const query = substituteGrafanaDurations(
          rule.query,
          { intervalSeconds: group.intervalSeconds, rangeSeconds: range.from - range.to, ...(options.scrapeIntervalSeconds !== undefined ? { scrapeIntervalSeconds: options.scrapeIntervalSeconds } : {}) },
          where,
        );
        const compiled = prometheusRules({ ...rule, query }, options);
        for (const { expr } of compiled) assertPrometheusExpr(expr, where);
        return compiled;
      }),
    })),
  };
}

/** The expression parses, with no variable left for Prometheus to choke on. */
function assertPrometheusExpr(expr: string, where: readonly string[]): void {
  const parsed = parsePromql(expr);
  const problem = /\$\{?[A-Za-z_]|\[\[/.test(expr) ? 'a Grafana variable is left in it' : (parsed.error ?? parsed.typeError)?.message;
  if (problem !== undefined) {
    throw definitionError(where, `the Prometheus rule expression \`${expr}\` would be rejected by Prometheus: ${problem}`, 'Fix the rule\'s query; `promtool check rules` reads the same expression.');
  }
}

/** The value Grafana's reduce step sees, as PromQL. */
export function reducedQuery(rule: ThresholdRule): string {
  const reducer = rule.reducer ?? 'last';
  if (reducer === 'last') return `(${rule.query})`;
  const range = rule.relativeTimeRange ?? { from: 600, to: 0 };
  const window = `${range.from - range.to}s`;
  const subquery = `(${rule.query})[${window}:]${range.to > 0 ? ` offset ${range.to}s` : ''}`;
  return OVER_TIME[reducer](subquery);
}

function prometheusRules(rule: ThresholdRule, options: PrometheusRulesOptions): PrometheusAlertingRule[] {
  const labels = { ...rule.labels, severity: rule.severity };
  const annotations = {
    summary: rule.summary,
    description: rule.description,
    runbook_url: `${options.runbookBaseUrl}#${rule.runbookAnchor}`,
  };
  const reduced = reducedQuery(rule);
  const rules: PrometheusAlertingRule[] = [
    { alert: rule.alertName, expr: `${reduced} ${promqlOperator[rule.op]} ${rule.value}`, for: rule.for, labels, annotations },
  ];
  if (rule.noDataState === 'Alerting') {
    // Same alert name; the label keeps the two rules distinct (promtool rejects duplicate name + labels).
    rules.push({ alert: rule.alertName, expr: `absent(${reduced})`, for: rule.for, labels: { ...labels, no_data: 'true' }, annotations });
  }
  return rules;
}
