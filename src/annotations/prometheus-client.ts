import axios, { type AxiosInstance } from 'axios';
import { assertHttpUrl } from '../config/config-shape.js';
import { K2GrafanaError } from '../errors.js';

/** One series of an instant query: a single value (vector) or the raw samples of a range selector (matrix). */
export interface PromSeries {
  readonly metric: Readonly<Record<string, string>>;
  /** [unix seconds, value]; one entry for a vector result, every raw sample for a matrix result. */
  readonly samples: readonly (readonly [number, number])[];
}

export interface PrometheusClient {
  readonly url: string;
  /** GET /api/v1/query. `time` is unix seconds (Prometheus evaluates at "now" when absent). */
  query(expr: string, time?: number): Promise<PromSeries[]>;
  /** The first series' value, or undefined when the query returned no series. */
  scalar(expr: string, time?: number): Promise<number | undefined>;
  /** true when /-/ready answers 200. */
  ready(): Promise<boolean>;
}

export interface PrometheusClientOptions {
  /** e.g. http://localhost:9090 (PROMETHEUS_URL). */
  readonly url: string;
  /** @default 5000 */
  readonly timeoutMs?: number;
  /** Where the URL came from, for the error when it is malformed. @default 'PROMETHEUS_URL' */
  readonly source?: string;
}

/** Prometheus could not be queried: names the query and says what to check. */
export class PrometheusQueryError extends K2GrafanaError {
  /** What went wrong, without the URL and query: `ECONNREFUSED`, `HTTP 400: parse error ...`. */
  readonly detail: string;
  constructor(url: string, expr: string, detail: string) {
    super(
      'unreachable',
      `Prometheus query failed at ${url}: ${expr}: ${detail}`,
      'Check that Prometheus runs and PROMETHEUS_URL points at it (e.g. http://localhost:9090).',
    );
    this.detail = detail;
  }
}

interface QueryResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: 'vector' | 'matrix' | 'scalar' | 'string'; result: unknown };
}

/** A small client for the Prometheus HTTP API: instant queries only, which is all the watcher and demo need. */
export function createPrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  // A malformed URL is a usage error now, not a warning on every poll.
  assertHttpUrl(options.url, `Prometheus URL from ${options.source ?? 'PROMETHEUS_URL'}`, 'Give Prometheus\' base URL with its scheme, e.g. http://localhost:9090.');
  const url = options.url.replace(/\/+$/, '');
  const http: AxiosInstance = axios.create({ baseURL: url, timeout: options.timeoutMs ?? 5000, validateStatus: () => true });

  async function query(expr: string, time?: number): Promise<PromSeries[]> {
    let body: QueryResponse;
    try {
      const response = await http.get<QueryResponse>('/api/v1/query', { params: { query: expr, ...(time !== undefined ? { time } : {}) } });
      body = response.data;
      if (response.status !== 200 || body?.status !== 'success' || !body.data) {
        throw new PrometheusQueryError(url, expr, `HTTP ${response.status}${body?.error ? `: ${body.error}` : ''}`);
      }
    } catch (error) {
      if (error instanceof PrometheusQueryError) throw error;
      throw new PrometheusQueryError(url, expr, (error as { code?: string }).code ?? (error as Error).message);
    }
    const { resultType, result } = body.data;
    if (resultType === 'scalar') {
      const [t, v] = result as [number, string];
      return [{ metric: {}, samples: [[t, Number(v)]] }];
    }
    if (resultType === 'vector') {
      return (result as { metric: Record<string, string>; value: [number, string] }[]).map((r) => ({
        metric: r.metric,
        samples: [[r.value[0], Number(r.value[1])]],
      }));
    }
    if (resultType === 'matrix') {
      return (result as { metric: Record<string, string>; values: [number, string][] }[]).map((r) => ({
        metric: r.metric,
        samples: r.values.map(([t, v]) => [t, Number(v)] as const),
      }));
    }
    return [];
  }

  return {
    url,
    query,
    async scalar(expr, time) {
      const series = await query(expr, time);
      return series[0]?.samples[0]?.[1];
    },
    async ready() {
      try {
        return (await http.get('/-/ready')).status === 200;
      } catch {
        return false;
      }
    },
  };
}
