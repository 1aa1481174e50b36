import axios from 'axios';
import { createPrometheusClient, K2GrafanaError, UsageError } from '../../src/index.js';
import type { DemoConfig } from './demo-config.js';
import type { DemoReader } from './demo-reading.js';
import { prometheusAvailable, startLocalPrometheus } from '../prometheus/prometheus-server.js';
import { MetricsEndpointReader } from './metrics-endpoint-reader.js';
import { PrometheusDemoReader } from './prometheus-reader.js';
import { httpScenarioDriver, type ScenarioDriver } from './scenario-driver.js';

export interface DemoEnvironmentOptions {
  readonly config: DemoConfig;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A running target to use (K2_DEMO_TARGET_URL); it must answer. */
  readonly targetUrl?: string;
  /** Tried when no target is named, e.g. the docker compose one. @default 'http://127.0.0.1:9464' */
  readonly defaultTargetUrl?: string;
  /** Starts a target in this process when none answers (the CLI passes the simulation's startDemoTarget). */
  readonly startTarget: () => Promise<{ url: string; close(): Promise<void> }>;
  /** A Prometheus that already scrapes the target (PROMETHEUS_URL). */
  readonly prometheusUrl?: string;
  /** @default 'auto' */
  readonly source?: 'auto' | 'prometheus' | 'metrics';
  /** Scrape interval of an external Prometheus. @default 5 */
  readonly externalScrapeIntervalSeconds?: number;
  /** How long to wait for a named Prometheus that is up to hold the target's first sample. @default 20000 */
  readonly prometheusWaitMs?: number;
  /** Rate window; default: 10 s, or 3 scrapes when that is longer. */
  readonly rateWindowSeconds?: number;
}

export interface DemoEnvironment {
  readonly reader: DemoReader;
  readonly driver: ScenarioDriver;
  readonly targetUrl: string;
  /** One line per decision: which target, which source of figures, and why. */
  readonly notes: readonly string[];
  close(): Promise<void>;
}

async function answers(url: string, metricName: string): Promise<boolean> {
  try {
    const response = await axios.get<string>(`${url.replace(/\/+$/, '')}/metrics`, { timeout: 2000, responseType: 'text', validateStatus: () => true });
    return response.status === 200 && String(response.data).includes(metricName);
  } catch {
    return false;
  }
}

/**
 * Finds or starts what the demo needs so it works with nothing else running: a target (the named one, the compose
 * one, or one started here), and a source of figures (a Prometheus that scrapes the target, a Prometheus started here
 * when the binary is installed, or the target's /metrics read directly).
 */
export async function prepareDemoEnvironment(options: DemoEnvironmentOptions): Promise<DemoEnvironment> {
  const notes: string[] = [];
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  const levelMetric = options.config.metrics.degradationLevel.name;
  try {
    // The target.
    let targetUrl: string;
    let ownTarget = false;
    if (options.targetUrl) {
      if (!(await answers(options.targetUrl, levelMetric))) {
        throw new K2GrafanaError(
          'unreachable',
          `no demo target answers with ${levelMetric} at ${options.targetUrl}/metrics (K2_DEMO_TARGET_URL / --target-url)`,
          'Start it with `npm run demo-target`, or leave the option out and the demo starts one.',
        );
      }
      targetUrl = options.targetUrl;
      notes.push(`demo target: ${targetUrl}`);
    } else {
      const fallback = options.defaultTargetUrl ?? 'http://127.0.0.1:9464';
      if (await answers(fallback, levelMetric)) {
        targetUrl = fallback;
        notes.push(`demo target: ${targetUrl} (already running)`);
      } else {
        const started = await options.startTarget();
        closers.push(() => started.close());
        targetUrl = started.url;
        ownTarget = true;
        notes.push(`demo target: none running, started one at ${targetUrl}`);
      }
    }

    // The source of figures.
    const source = options.source ?? 'auto';
    // At least 3 scrapes per rate window, so rate() always has samples to work with.
    const windowFor = (scrape: number) => options.rateWindowSeconds ?? Math.max(10, 3 * scrape);
    let reader: DemoReader | undefined;
    if (source !== 'metrics' && !ownTarget) {
      const url = options.prometheusUrl ?? 'http://localhost:9090';
      const prometheus = createPrometheusClient({ url });
      const hasLevel = async () => ((await prometheus.scalar(`count(${levelMetric})`).catch(() => undefined)) ?? 0) > 0;
      let scraping = (await prometheus.ready()) && (await hasLevel());
      // A Prometheus named explicitly that is up but has no sample yet was probably just started (compose, tests):
      // its first scrape lands within seconds, so wait for it rather than silently reading figures elsewhere.
      const waitUntil = Date.now() + (options.prometheusWaitMs ?? 20_000);
      while (!scraping && options.prometheusUrl && (await prometheus.ready()) && Date.now() < waitUntil) {
        await new Promise((r) => setTimeout(r, 500));
        scraping = await hasLevel();
      }
      if (scraping) {
        const scrape = options.externalScrapeIntervalSeconds ?? 5;
        reader = new PrometheusDemoReader({
          prometheus, config: options.config, scrapeIntervalSeconds: scrape, rateWindowSeconds: windowFor(scrape),
          description: `Prometheus at ${url}`,
        });
        notes.push(`figures: Prometheus at ${url} (scrape interval taken as ${scrape} s)`);
      } else if (options.prometheusUrl) {
        notes.push(`figures: the Prometheus at ${url} is not reachable or has no ${levelMetric}; looking for another source`);
      }
    }
    if (!reader && source !== 'metrics') {
      if (prometheusAvailable()) {
        // Shared with the simulation tests: Debian's prometheus on a free loopback port with a temporary TSDB.
        const scrape = 1;
        const local = await startLocalPrometheus({ targets: [new URL(targetUrl).host], intervalSeconds: scrape });
        closers.push(() => local.close());
        reader = new PrometheusDemoReader({
          prometheus: createPrometheusClient({ url: local.url }), config: options.config,
          scrapeIntervalSeconds: scrape, rateWindowSeconds: windowFor(scrape),
          description: `Prometheus at ${local.url} (started by the demo)`,
        });
        notes.push(`figures: Prometheus started at ${local.url}, scraping the target every ${scrape} s`);
      } else if (source === 'prometheus') {
        throw new UsageError('--source prometheus: no Prometheus scrapes the target and the prometheus binary is not installed', 'Install prometheus (apt-get install prometheus) or set PROMETHEUS_URL.');
      }
    }
    if (!reader) {
      reader = new MetricsEndpointReader({
        targetUrl, config: options.config, rateWindowSeconds: options.rateWindowSeconds ?? 10,
        description: `${targetUrl}/metrics (read directly)`,
      });
      notes.push(source === 'metrics'
        ? `figures: read directly from ${targetUrl}/metrics (--source metrics)`
        : `figures: prometheus is not installed, so figures are read directly from ${targetUrl}/metrics`);
    }
    closers.push(() => reader!.close());
    return { reader, driver: httpScenarioDriver(targetUrl), targetUrl, notes, close };
  } catch (error) {
    await close();
    throw error;
  }
}

