import { createPrometheusClient, PrometheusQueryError } from '../../src/index.js';
import { PrometheusUnreachableError } from '../errors.js';

export interface PrometheusSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  /** Evaluation time, ms since the epoch. */
  readonly at: number;
}

export interface QueryOptions {
  /** Evaluation time, ms since the epoch; default: Prometheus' now. */
  readonly at?: number;
  /** @default 5000 */
  readonly timeoutMs?: number;
}

/**
 * An instant query through the library's Prometheus client, as one sample per series (a scalar comes back as one
 * unlabelled sample), failing with the simulation's error, whose hint says how to start the Prometheus it expects.
 */
export async function queryInstant(prometheusUrl: string, expr: string, options: QueryOptions = {}): Promise<PrometheusSample[]> {
  const client = createPrometheusClient({ url: prometheusUrl, timeoutMs: options.timeoutMs ?? 5000 });
  try {
    const series = await client.query(expr, options.at === undefined ? undefined : options.at / 1000);
    return series.flatMap(({ metric, samples }) => samples.slice(-1).map(([t, value]) => ({ labels: metric, value, at: t * 1000 })));
  } catch (error) {
    if (!(error instanceof PrometheusQueryError)) throw error;
    // No answer at all names the socket error alone; an answer that refused the query names the query too.
    const detail = error.detail.startsWith('HTTP') ? `query ${JSON.stringify(expr)} failed: ${error.detail}` : error.detail;
    throw new PrometheusUnreachableError(prometheusUrl, detail, { cause: error });
  }
}
