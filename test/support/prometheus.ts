/**
 * Test helper: a real Prometheus (Debian's `prometheus`) on 127.0.0.1 with a free port, a temporary TSDB, 1 s scrape
 * and evaluation intervals, optional rule files; killed on close. Fails (never skips) with an install hint when the
 * binary is missing, because .ci/run installs it.
 *
 *   const prom = await startTestPrometheus({ targets: [target.url] });
 *   await prom.waitForData('k2_degradation_level');
 *   ...
 *   afterAll(() => prom.close());
 */
import {
  prometheusAvailable,
  startLocalPrometheus,
  type LocalPrometheus,
  type LocalPrometheusOptions,
} from '../../k2/prometheus/prometheus-server.js';
import type { PrometheusSample } from '../../k2/prometheus/prometheus-query.js';

export type TestPrometheus = LocalPrometheus;

export async function startTestPrometheus(options: LocalPrometheusOptions & { waitFor?: string }): Promise<TestPrometheus> {
  const binary = options.binary ?? 'prometheus';
  if (!prometheusAvailable(binary)) {
    throw new Error(
      `Prometheus is required for this test and "${binary}" is not installed. ` +
        'Install it with `apt-get install -y --no-install-recommends prometheus` (or run `bash .ci/run`, which does).',
    );
  }
  const prometheus = await startLocalPrometheus({ intervalSeconds: 1, ...options });
  if (options.waitFor) {
    try {
      await prometheus.waitForData(options.waitFor, { timeoutMs: 90_000 });
    } catch (error) {
      const logs = prometheus.logs();
      await prometheus.close();
      throw new Error(`${(error as Error).message}\nPrometheus said:\n${logs}`);
    }
  }
  return prometheus;
}

/**
 * Poll `read` until `accept` holds or the deadline passes; returns every value seen (for order assertions).
 * Deadlines are generous: the machines are 2-core and loaded.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 90_000, intervalMs = 250 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<{ value: T; seen: T[] }> {
  const deadline = Date.now() + timeoutMs;
  const seen: T[] = [];
  for (;;) {
    const value = await read();
    seen.push(value);
    if (accept(value)) return { value, seen };
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs / 1000}s; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The single value of a query that must return exactly one sample. */
export function singleValue(samples: readonly PrometheusSample[]): number | undefined {
  return samples.length === 1 ? samples[0].value : undefined;
}
