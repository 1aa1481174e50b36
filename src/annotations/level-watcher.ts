import { createHash } from 'node:crypto';
import type { AnnotationEmitter } from './emitter.js';
import type { PrometheusClient } from './prometheus-client.js';
import type { EmitResult } from './types.js';

/** A level change seen in Prometheus' raw samples. */
export interface LevelChange {
  readonly from: number;
  readonly to: number;
  /** Epoch ms of the first sample with the new value. */
  readonly at: number;
  readonly series: Readonly<Record<string, string>>;
  /** Deterministic from the series and the sample, so re-watching the same period never annotates twice. */
  readonly eventId: string;
}

export interface LevelWatcherOptions {
  readonly prometheus: PrometheusClient;
  readonly emitter: AnnotationEmitter;
  /** Series selector of the level gauge, e.g. `app_health_level{job="api"}`. */
  readonly selector: string;
  /** What the annotation text calls the gauge (`<subject> rose: ...`). @default the selector's metric name */
  readonly subject?: string;
  /** Display name of a level value (e.g. from a catalog); falls back to the number. */
  readonly levelName?: (value: number) => string;
  /** Tags on every level-change annotation (e.g. a project's level-change tag). @default [] */
  readonly tags?: readonly string[];
  /** Annotate changes this far back on the first poll (0: the current value is only the baseline). @default 0 */
  readonly lookbackMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  readonly onChange?: (change: LevelChange, result: EmitResult) => void;
}

/** Seconds of margin added to every range window so a late scrape is not missed. */
const windowMarginSeconds = 15;
/** Longest window a poll asks for (a watcher that slept longer starts from the newest value). */
const maxWindowSeconds = 3600;

/** The metric name a selector starts with (`app_health_level{job="api"}` -> `app_health_level`), else `Level`. */
function selectorMetric(selector: string): string {
  return /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(selector)?.[1] ?? 'Level';
}

function seriesKey(metric: Readonly<Record<string, string>>): string {
  return Object.keys(metric).sort().map((k) => `${k}=${metric[k]}`).join(',');
}

/**
 * Follows a level gauge in Prometheus and annotates every change (from -> to) exactly once. Each poll reads the raw
 * samples since the last one it saw (a range selector in an instant query), so changes that come and go between two
 * polls are still seen, with the time of the sample that changed.
 */
export class LevelWatcher {
  private readonly options: LevelWatcherOptions;
  private readonly last = new Map<string, { value: number; t: number }>();
  private lastPollMs: number | undefined;

  constructor(options: LevelWatcherOptions) {
    this.options = options;
  }

  /** One poll: returns the changes found (each already handed to the emitter). */
  async poll(): Promise<LevelChange[]> {
    const now = (this.options.now ?? Date.now)();
    const first = this.lastPollMs === undefined;
    const sinceMs = first ? now - (this.options.lookbackMs ?? 0) : this.lastPollMs!;
    const windowSeconds = Math.min(maxWindowSeconds, Math.ceil((now - sinceMs) / 1000) + windowMarginSeconds);
    const series = await this.options.prometheus.query(`${this.options.selector}[${windowSeconds}s]`, now / 1000);
    this.lastPollMs = now;
    const changes: LevelChange[] = [];
    for (const s of series) {
      const key = seriesKey(s.metric);
      const samples = s.samples.filter(([, v]) => Number.isFinite(v));
      let previous = this.last.get(key);
      if (first && previous === undefined) {
        // Baseline: the value just before the lookback window (or the first one seen), not a change.
        const before = samples.filter(([t]) => t * 1000 < sinceMs);
        const base = before.at(-1) ?? samples[0];
        if (base === undefined) continue;
        previous = { value: base[1], t: base[0] };
        if ((this.options.lookbackMs ?? 0) === 0) {
          const newest = samples.at(-1)!;
          previous = { value: newest[1], t: newest[0] };
        }
      }
      for (const [t, value] of samples) {
        if (previous !== undefined && t <= previous.t) continue;
        if (previous !== undefined && value !== previous.value) {
          changes.push(this.change(previous.value, value, t, s.metric, key));
        }
        previous = { value, t };
      }
      if (previous !== undefined) this.last.set(key, previous);
    }
    for (const change of changes) {
      const result = await this.annotate(change);
      this.options.onChange?.(change, result);
    }
    return changes;
  }

  private change(from: number, to: number, t: number, series: Readonly<Record<string, string>>, key: string): LevelChange {
    const at = Math.round(t * 1000);
    const hash = createHash('sha256').update(`${this.options.selector}|${key}`).digest('hex').slice(0, 10);
    return { from, to, at, series, eventId: `level-${hash}-${from}-${to}-${at}` };
  }

  private annotate(change: LevelChange): Promise<EmitResult> {
    const name = this.options.levelName ?? String;
    const direction = change.to > change.from ? 'rose' : 'fell';
    const instance = change.series.instance ? ` on ${change.series.instance}` : '';
    return this.options.emitter.point({
      eventId: change.eventId,
      time: change.at,
      text: `${this.options.subject ?? selectorMetric(this.options.selector)} ${direction}: ${name(change.from)} -> ${name(change.to)}${instance} (observed in Prometheus)`,
      tags: [...(this.options.tags ?? []), `from:${name(change.from)}`, `to:${name(change.to)}`],
    });
  }
}

export interface WatchLoopOptions {
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called when a poll fails (Prometheus down); the loop keeps going. */
  readonly onError?: (error: unknown) => void;
}

const abortableSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Polls until the signal aborts. A failing poll is reported and retried at the next interval. */
export async function runLevelWatcher(watcher: LevelWatcher, options: WatchLoopOptions = {}): Promise<void> {
  const { intervalMs = 2000, signal, sleep = abortableSleep, onError = () => undefined } = options;
  while (!signal?.aborted) {
    try {
      await watcher.poll();
    } catch (error) {
      onError(error);
    }
    if (signal?.aborted) break;
    await sleep(intervalMs, signal);
  }
}
