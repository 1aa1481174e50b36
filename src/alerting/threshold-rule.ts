/**
 * A generic threshold alert: one PromQL query returning raw values, reduced to one number per series, compared with
 * a threshold. Both the Grafana compiler (grafana-rule-group.ts) and the Prometheus compiler (prometheus-rules.ts)
 * read these objects, so a threshold changed here changes both.
 */
export type ThresholdOp = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'ne';

/** Grafana's reducers. `last` of an instant query is the value itself; others reduce over the relative time range. */
export type Reducer = 'last' | 'max' | 'min' | 'mean' | 'sum' | 'count' | 'median';

export type NoDataState = 'OK' | 'Alerting' | 'NoData' | 'KeepLast';
export type ExecErrState = 'OK' | 'Alerting' | 'Error' | 'KeepLast';

export interface ThresholdRule {
  /** Grafana rule uid: `[A-Za-z0-9_-]`, at most 40 characters. */
  readonly uid: string;
  readonly title: string;
  /** Prometheus alert name (`alert:`) in the Prometheus equivalent: `[A-Za-z_][A-Za-z0-9_]*`. */
  readonly alertName: string;
  /** PromQL returning raw values; the comparison lives in the threshold, not in the query. */
  readonly query: string;
  /** @default 'last' */
  readonly reducer?: Reducer;
  readonly op: ThresholdOp;
  readonly value: number;
  /** Pending period, a Prometheus duration (`0s`, `30s`, `5m`). */
  readonly for: string;
  /** What the rule does when the query returns nothing. Alerting also yields an `absent(...)` Prometheus rule. */
  readonly noDataState: NoDataState;
  readonly execErrState: ExecErrState;
  readonly severity: string;
  /** Annotation texts may use `{{ $labels.name }}`, which Grafana and Prometheus both expand. */
  readonly summary: string;
  readonly description: string;
  /** Section anchor in the runbooks file, without `#`. */
  readonly runbookAnchor: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Seconds before now the query looks back. @default { from: 600, to: 0 } */
  readonly relativeTimeRange?: { readonly from: number; readonly to: number };
}

export interface ThresholdRuleGroup {
  /** Group name (Grafana `ruleGroup`, Prometheus group `name`). */
  readonly name: string;
  readonly folderUid: string;
  /** Evaluation interval in seconds: a positive multiple of Grafana's 10 s scheduler tick. */
  readonly intervalSeconds: number;
  readonly rules: readonly ThresholdRule[];
}

/** PromQL comparison operators for each threshold op. */
export const promqlOperator: Readonly<Record<ThresholdOp, string>> = {
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  eq: '==',
  ne: '!=',
};
