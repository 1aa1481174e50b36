import axios from 'axios';
import type { DemoConfig, DemoMetric } from './demo-config.js';
import type { DemoReader, DemoReading } from './demo-reading.js';
import { parseExposition, sumBy, type ExposedSample } from './exposition.js';

export interface MetricsEndpointReaderOptions {
  /** The target's base URL; `/metrics` is read below it. */
  readonly targetUrl: string;
  readonly config: DemoConfig;
  readonly rateWindowSeconds: number;
  /** How often the history is sampled. @default 1000 */
  readonly sampleEveryMs?: number;
  readonly description: string;
  readonly now?: () => number;
}

interface Scrape {
  readonly at: number;
  readonly samples: ExposedSample[];
}

/**
 * Reads figures straight from the target's /metrics when no Prometheus is available: counters are sampled every
 * second into a short history and rates are the counter difference over the window divided by the time between
 * the two scrapes (no extrapolation, unlike PromQL's rate()).
 */
export class MetricsEndpointReader implements DemoReader {
  readonly source = 'metrics' as const;
  readonly description: string;
  readonly settleMs: number;
  readonly rateWindowSeconds: number;
  private readonly options: MetricsEndpointReaderOptions;
  private readonly history: Scrape[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly http = axios.create({ timeout: 5000 });

  constructor(options: MetricsEndpointReaderOptions) {
    this.options = options;
    this.description = options.description;
    this.rateWindowSeconds = options.rateWindowSeconds;
    this.settleMs = options.rateWindowSeconds * 1000 + 1500;
    this.timer = setInterval(() => void this.scrape().catch(() => undefined), options.sampleEveryMs ?? 1000);
    this.timer.unref();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private async scrape(): Promise<Scrape> {
    const response = await this.http.get<string>(`${this.options.targetUrl.replace(/\/+$/, '')}/metrics`, { responseType: 'text' });
    const scrape = { at: this.now(), samples: parseExposition(String(response.data)) };
    this.history.push(scrape);
    const keepFrom = scrape.at - (this.options.rateWindowSeconds + 30) * 1000;
    while (this.history.length > 2 && this.history[0]!.at < keepFrom) this.history.shift();
    return scrape;
  }

  private value(scrape: Scrape, metric: DemoMetric, by?: string): Record<string, number> {
    return sumBy(scrape.samples, metric.name, { component: metric.component }, by);
  }

  async currentLevel(): Promise<number | undefined> {
    return this.value(await this.scrape(), this.options.config.metrics.degradationLevel)[''];
  }

  async currentLag(): Promise<number | undefined> {
    return this.value(await this.scrape(), this.options.config.metrics.consumerLag)[''];
  }

  async read(): Promise<DemoReading> {
    const end = await this.scrape();
    const start = this.history.find((s) => s.at >= end.at - this.rateWindowSeconds * 1000 && s !== end) ?? end;
    const seconds = (end.at - start.at) / 1000;
    const m = this.options.config.metrics;
    const rate = (metric: DemoMetric, by?: string): Record<string, number> => {
      const now = this.value(end, metric, by);
      const then = this.value(start, metric, by);
      return Object.fromEntries(
        Object.keys(now).sort().map((k) => [k, seconds > 0 ? Math.max(0, (now[k]! - (then[k] ?? 0)) / seconds) : 0]),
      );
    };
    const consumedRate = rate(m.messagesConsumed)[''] ?? 0;
    const shedRateByTier = rate(m.messagesShed, 'symbol_tier');
    const shedRate = Object.values(shedRateByTier).reduce((a, b) => a + b, 0);
    const shedByTier = Object.fromEntries(Object.entries(this.value(end, m.messagesShed, 'symbol_tier')).sort(([a], [b]) => a.localeCompare(b)));
    return {
      at: end.at,
      level: this.value(end, m.degradationLevel)[''] ?? 0,
      lag: this.value(end, m.consumerLag)[''] ?? 0,
      shedTotal: Object.values(shedByTier).reduce((a, b) => a + b, 0),
      shedByTier,
      consumedRate,
      processedRate: consumedRate - shedRate,
      shedRateByTier,
      receivedRateBySymbol: rate(m.binanceMessagesReceived, 'symbol'),
    };
  }

  async waitForHistory(signal?: AbortSignal): Promise<void> {
    while (!signal?.aborted) {
      const first = this.history[0];
      if (first && this.now() - first.at >= this.rateWindowSeconds * 1000) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
  }
}
