import { definitionError } from '../definitions/definition-error.js';

/**
 * Grafana's query variables as Prometheus would need them in a rule file. Grafana expands `$__rate_interval` and
 * friends before it sends a query; Prometheus does not, so `promtool check rules` rejects `[$__rate_interval]`. A
 * rule compiled for Prometheus gets the durations Grafana would use for the same rule:
 * - `$__interval` / `$__auto`: the evaluation interval (the rule group's interval; Grafana's interval for an alert query);
 * - `$__rate_interval`: max(interval + scrape interval, 4 x scrape interval), Grafana's own formula;
 * - `$__range`: the rule's look-back window (`relativeTimeRange.from - to`);
 * - `$__interval_ms`, `$__range_s`, `$__range_ms`: the same as numbers.
 * `$__from` / `$__to` (absolute times) and dashboard variables have no meaning in a rule file: an error names them.
 */
export interface VariableDurations {
  readonly intervalSeconds: number;
  readonly rangeSeconds: number;
  /** The datasource's scrape interval; Grafana's default for a Prometheus datasource. @default 15 */
  readonly scrapeIntervalSeconds?: number;
}

// `${name}`, `${name:format}`, `[[name]]`, `$name`.
const VARIABLE = /\$\{([A-Za-z0-9_.]+)(?::[^}]*)?\}|\[\[([A-Za-z0-9_.]+)(?::[^\]]*)?\]\]|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** The expression with Grafana's duration variables replaced; throws naming `where` for a variable Prometheus cannot have. */
export function substituteGrafanaDurations(expr: string, durations: VariableDurations, where: readonly string[]): string {
  const scrape = durations.scrapeIntervalSeconds ?? 15;
  const interval = durations.intervalSeconds;
  const values: Readonly<Record<string, string>> = {
    __interval: `${interval}s`,
    __auto: `${interval}s`,
    __rate_interval: `${Math.max(interval + scrape, 4 * scrape)}s`,
    __range: `${durations.rangeSeconds}s`,
    __interval_ms: String(interval * 1000),
    __range_s: String(durations.rangeSeconds),
    __range_ms: String(durations.rangeSeconds * 1000),
  };
  return expr.replace(VARIABLE, (whole, a?: string, b?: string, c?: string) => {
    const name = (a ?? b ?? c)!;
    const value = values[name];
    if (value === undefined) {
      throw definitionError(
        where,
        `the query uses ${whole}, which has no value in a Prometheus rule file`,
        name.startsWith('__') ? 'Use a duration such as $__rate_interval or a literal range instead.' : 'Alert queries cannot use dashboard variables: write the value itself.',
      );
    }
    return value;
  });
}
