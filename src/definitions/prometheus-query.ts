import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';

export interface PromQueryOptions {
  /** Series name shown in legends, e.g. `{{instance}}`. */
  readonly legend?: string;
  /** Evaluate once at the end of the range (stat panels, bar gauges). @default false (range query) */
  readonly instant?: boolean;
}

/** A Prometheus target; refId and datasource are assigned by defineDashboard, so definitions never repeat them. */
export function promQuery(expr: string, options: PromQueryOptions = {}): DataqueryBuilder {
  const query = new DataqueryBuilder().expr(expr);
  if (options.legend !== undefined) query.legendFormat(options.legend);
  return options.instant ? query.instant() : query.range();
}
