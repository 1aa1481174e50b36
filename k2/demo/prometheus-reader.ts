import type { PrometheusClient, PromSeries } from '../../src/index.js';
import type { DemoConfig } from './demo-config.js';
import { demoQueries, type DemoQueries } from './demo-queries.js';
import type { DemoReader, DemoReading } from './demo-reading.js';

export interface PrometheusReaderOptions {
  readonly prometheus: PrometheusClient;
  readonly config: DemoConfig;
  /** Prometheus' scrape interval for the target. */
  readonly scrapeIntervalSeconds: number;
  /** Rate window; at least 3 scrapes. */
  readonly rateWindowSeconds: number;
  readonly description: string;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onClose?: () => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function byLabel(series: PromSeries[], label: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of series) out[s.metric[label] ?? ''] = s.samples[0]?.[1] ?? 0;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Reads every figure from Prometheus with instant queries evaluated at one settled time: two scrape intervals
 * (plus a second) in the past, so every scrape up to that time is stored and the same query at the same time gives
 * the same answer later (a test re-runs them to check the demo's figures).
 */
export class PrometheusDemoReader implements DemoReader {
  readonly source = 'prometheus' as const;
  readonly description: string;
  readonly queries: DemoQueries;
  readonly settleMs: number;
  readonly rateWindowSeconds: number;
  private readonly settleLagMs: number;
  /** The level gauge's selector: every scrape of the target carries it. */
  private readonly levelSelector: string;
  private readonly options: PrometheusReaderOptions;

  constructor(options: PrometheusReaderOptions) {
    this.options = options;
    this.description = options.description;
    this.rateWindowSeconds = options.rateWindowSeconds;
    this.queries = demoQueries(options.config, options.rateWindowSeconds);
    // A change is inside a reading's window once the next scrape after it is stored (readings use the newest scrape).
    this.settleLagMs = options.scrapeIntervalSeconds * 1000 + 1000;
    this.levelSelector = this.queries.level.replace(/^max\((.*)\)$/, '$1');
    this.settleMs = options.rateWindowSeconds * 1000 + this.settleLagMs;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  async currentLevel(): Promise<number | undefined> {
    return this.options.prometheus.scalar(this.queries.level);
  }

  async currentLag(): Promise<number | undefined> {
    return this.options.prometheus.scalar(this.queries.lag);
  }

  async read(): Promise<DemoReading> {
    // Evaluate at the newest scrape Prometheus has stored for the target: a target's scrapes are stored in time
    // order, each one whole, so nothing at or before that time can still arrive, and the same query at the same
    // time gives the same answer later (test/demo re-runs every query to check the figures shown).
    const latest = await this.options.prometheus.scalar(`min(timestamp(${this.levelSelector}))`);
    return this.evaluate(latest !== undefined ? Math.round(latest * 1000) : this.now() - this.settleLagMs);
  }

  private async evaluate(at: number): Promise<DemoReading> {
    const t = at / 1000;
    const p = this.options.prometheus;
    const q = this.queries;
    const [level, lag, shedTotal, shedByTier, consumedRate, processedRate, shedRateByTier, receivedRateBySymbol] = await Promise.all([
      p.scalar(q.level, t), p.scalar(q.lag, t), p.scalar(q.shedTotal, t), p.query(q.shedByTier, t),
      p.scalar(q.consumedRate, t), p.scalar(q.processedRate, t), p.query(q.shedRateByTier, t), p.query(q.receivedRateBySymbol, t),
    ]);
    if (level === undefined) throw new Error(`Prometheus has no ${q.level} at ${new Date(at).toISOString()}: is the target scraped?`);
    return {
      at,
      level,
      lag: lag ?? 0,
      shedTotal: shedTotal ?? 0,
      shedByTier: byLabel(shedByTier, 'symbol_tier'),
      consumedRate: consumedRate ?? 0,
      processedRate: processedRate ?? 0,
      shedRateByTier: byLabel(shedRateByTier, 'symbol_tier'),
      receivedRateBySymbol: byLabel(receivedRateBySymbol, 'symbol'),
    };
  }

  async waitForHistory(signal?: AbortSignal): Promise<void> {
    // Two full windows of samples: rate() over a window holding the series' first samples extrapolates poorly.
    const span = 2 * this.rateWindowSeconds;
    const needed = Math.floor(span / this.options.scrapeIntervalSeconds) - 1;
    const expr = `min(count_over_time(${this.levelSelector}[${span}s]))`;
    const sleep = this.options.sleep ?? defaultSleep;
    while (!signal?.aborted) {
      const count = await this.options.prometheus.scalar(expr, (this.now() - this.settleLagMs) / 1000).catch(() => undefined);
      if (count !== undefined && count >= needed) return;
      await sleep(500);
    }
  }

  async close(): Promise<void> {
    await this.options.onClose?.();
  }
}
