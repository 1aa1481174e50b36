import { networkDetail, PrometheusUnreachableError } from '../errors.js';

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
  readonly fetch?: typeof fetch;
}

/** Run an instant query (`GET /api/v1/query`) and return the vector (a scalar comes back as one unlabelled sample). */
export async function queryInstant(prometheusUrl: string, expr: string, options: QueryOptions = {}): Promise<PrometheusSample[]> {
  const url = new URL('api/v1/query', prometheusUrl.endsWith('/') ? prometheusUrl : `${prometheusUrl}/`);
  url.searchParams.set('query', expr);
  if (options.at !== undefined) url.searchParams.set('time', String(options.at / 1000));
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
  } catch (error) {
    throw new PrometheusUnreachableError(prometheusUrl, networkDetail(error), { cause: error });
  }
  const body = (await response.json().catch(() => undefined)) as
    | { status: string; error?: string; data?: { resultType: string; result: unknown } }
    | undefined;
  if (!response.ok || body?.status !== 'success' || !body.data) {
    throw new PrometheusUnreachableError(prometheusUrl, `query ${JSON.stringify(expr)} failed: HTTP ${response.status} ${body?.error ?? ''}`.trim());
  }
  const { resultType, result } = body.data;
  if (resultType === 'scalar') {
    const [t, v] = result as [number, string];
    return [{ labels: {}, value: Number(v), at: t * 1000 }];
  }
  if (resultType !== 'vector') throw new PrometheusUnreachableError(prometheusUrl, `expected a vector from ${expr}, got ${resultType}`);
  return (result as { metric: Record<string, string>; value: [number, string] }[]).map((r) => ({
    labels: r.metric,
    value: Number(r.value[1]),
    at: r.value[0] * 1000,
  }));
}
