import { Counter, Gauge, Registry } from 'prom-client';
import { shedReasons } from '../model/load-shedder.js';
import type { PipelineSnapshot } from '../model/pipeline-model.js';
import { breakerStateValue, sortedLevels, type SimulationConfig, type SimulationMetricSpec } from '../model/simulation-config.js';

const STANDARD = ['service', 'environment', 'component'] as const;

type Labels = Record<string, string>;

/**
 * Exposes a pipeline model's state with prom-client under the catalog's metric names, help texts and labels. Every
 * series a dashboard reads exists from the start (zero is a value, not an absence), every level-transition pair
 * included. Counters follow the model's totals by incrementing the difference.
 */
export class MetricsExporter {
  readonly registry = new Registry();
  private readonly config: SimulationConfig;
  private readonly partition: string;
  private readonly gauges = new Map<keyof SimulationConfig['metrics'], Gauge>();
  private readonly counters = new Map<keyof SimulationConfig['metrics'], Counter>();
  private readonly last = new Map<string, number>();

  constructor(options: { config: SimulationConfig; initial: PipelineSnapshot; partition?: string }) {
    this.config = options.config;
    this.partition = options.partition ?? '0';
    const m = this.config.metrics;
    for (const key of ['degradationLevel', 'circuitBreakerState', 'binanceConnectionStatus', 'binanceLastMessageTimestamp', 'consumerLag'] as const) {
      this.gauges.set(key, new Gauge({ name: m[key].name, help: m[key].help, labelNames: [...STANDARD, ...m[key].labels], registers: [this.registry] }));
    }
    for (const key of ['degradationTransitions', 'messagesShed', 'circuitBreakerFailures', 'binanceMessagesReceived', 'binanceReconnects', 'messagesConsumed'] as const) {
      this.counters.set(key, new Counter({ name: m[key].name, help: m[key].help, labelNames: [...STANDARD, ...m[key].labels], registers: [this.registry] }));
    }
    this.sync(options.initial);
  }

  /** Bring every series up to the snapshot. Call after each model tick, or just before a scrape. */
  sync(s: PipelineSnapshot): void {
    const breaker = { breaker_name: s.breakerName };
    this.setGauge('degradationLevel', {}, s.level.value);
    this.setGauge('circuitBreakerState', breaker, breakerStateValue(this.config, s.breakerState));
    this.setGauge('binanceConnectionStatus', {}, s.connected ? 1 : 0);
    this.setGauge('binanceLastMessageTimestamp', {}, s.lastMessageAt / 1000);
    this.setGauge('consumerLag', { partition: this.partition }, s.lag);

    this.follow('circuitBreakerFailures', breaker, s.breakerFailures);
    this.follow('binanceReconnects', { reason: 'health_check_timeout' }, s.reconnects);
    this.follow('messagesConsumed', {}, s.consumed);
    for (const tier of this.config.tiers) {
      for (const symbol of tier.symbols) this.follow('binanceMessagesReceived', { symbol }, s.receivedBySymbol[symbol] ?? 0);
      for (const reason of shedReasons(this.config)) {
        this.follow('messagesShed', { symbol_tier: tier.tier, reason }, s.shed[tier.tier]?.[reason] ?? 0);
      }
    }
    // Every from -> to pair exists from the start at 0: a counter born at 1 shows no increase() in Prometheus, so
    // the first transition of each pair would be invisible to the dashboard's transition panels and annotations.
    const levels = sortedLevels(this.config);
    for (const from of levels) {
      for (const to of levels) {
        if (from !== to) this.follow('degradationTransitions', { from_level: from.code, to_level: to.code }, s.transitions[`${from.code}->${to.code}`] ?? 0);
      }
    }
  }

  /** The Prometheus text exposition of every series. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private labels(key: keyof SimulationConfig['metrics'], specific: Labels): Labels {
    const spec: SimulationMetricSpec = this.config.metrics[key];
    const labels: Labels = { ...this.config.standardLabels, component: spec.component };
    for (const name of spec.labels) {
      const value = specific[name] ?? this.config.consumerLabels[name];
      if (value === undefined) throw new RangeError(`no value for label ${name} of ${spec.name}`);
      labels[name] = value;
    }
    return labels;
  }

  private setGauge(key: keyof SimulationConfig['metrics'], specific: Labels, value: number): void {
    this.gauges.get(key)!.set(this.labels(key, specific), value);
  }

  /** Increment a counter series by what the model added since the last sync (0 creates the series). */
  private follow(key: keyof SimulationConfig['metrics'], specific: Labels, total: number): void {
    const labels = this.labels(key, specific);
    const id = `${key}${JSON.stringify(labels)}`;
    const delta = total - (this.last.get(id) ?? 0);
    if (delta < 0) throw new RangeError(`${this.config.metrics[key].name} went backwards`);
    if (delta > 0 || !this.last.has(id)) this.counters.get(key)!.inc(labels, delta);
    this.last.set(id, total);
  }
}
