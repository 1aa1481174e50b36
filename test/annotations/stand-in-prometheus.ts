import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInPrometheus {
  readonly url: string;
  /** Every query expression asked, in order. */
  readonly queries: string[];
  close(): Promise<void>;
}

/**
 * A loopback stand-in for Prometheus' `/api/v1/query` as `annotate watch` uses it: a range selector `expr[Ns]` at
 * `time` gets one series, `metric`, with raw samples every 0.25 s (on fixed times) from `valueAt(unix seconds)`.
 * The real-Prometheus run is in test/demo.
 */
export async function startStandInPrometheus(metric: Readonly<Record<string, string>>, valueAt: (seconds: number) => number): Promise<StandInPrometheus> {
  const queries: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = url.searchParams.get('query') ?? '';
    queries.push(query);
    const t = Number(url.searchParams.get('time'));
    const windowSeconds = Number(/\[(\d+)s\]$/.exec(query)?.[1] ?? 0);
    const values: [number, string][] = [];
    for (let s = Math.ceil((t - windowSeconds) * 4) / 4; s <= t; s += 0.25) values.push([s, String(valueAt(s))]);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric, values }] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    queries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
