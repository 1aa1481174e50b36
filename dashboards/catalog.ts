/**
 * The K2 catalog: the single source of truth for K2's metric contract, degradation levels, thresholds,
 * recovery rules and symbol tiers. Dashboards, alert rules, lint and the demo target read from here;
 * no other file repeats these numbers.
 *
 * Facts come from K2's own code (see ../shared/reference/k2-platform.md): metric names and labels from
 * `metrics_registry.py`, thresholds from `DegradationThresholds`, circuit breaker values from `circuit_breaker.py`.
 * Display names are the ones the K2 demo presents (NORMAL/LIGHT/MODERATE/SEVERE/CRITICAL); code names are the
 * lowercase enum names K2 writes into `from_level` / `to_level` label values.
 */

/** Labels every K2 series carries (`STANDARD_LABELS`, metrics_registry.py:19), with the values K2's code defaults to. */
export const standardLabels = {
  service: 'k2-platform',
  environment: 'dev',
} as const;

export type LevelValue = 0 | 1 | 2 | 3 | 4;

export interface DegradationLevel {
  readonly value: LevelValue;
  /** What users see: legends, value mappings, alert text, demo narration. */
  readonly name: 'NORMAL' | 'LIGHT' | 'MODERATE' | 'SEVERE' | 'CRITICAL';
  /** K2's enum name, lowercased: the value of `from_level` / `to_level` labels. */
  readonly code: 'normal' | 'soft' | 'graceful' | 'aggressive' | 'circuit_break';
  /** Grafana colour name for value mappings and thresholds. */
  readonly color: string;
  /** Consumer lag (messages) at or above which this level is entered; undefined for NORMAL. */
  readonly lagTrigger?: number;
  /** Memory percent at or above which this level is entered; undefined for NORMAL. */
  readonly memoryTrigger?: number;
  readonly meaning: string;
}

/** degradation_manager.py:30-61. Escalation checks from the top down with `>=`, lag OR memory. */
export const levels: readonly DegradationLevel[] = [
  { value: 0, name: 'NORMAL', code: 'normal', color: 'green', meaning: 'Processing every symbol.' },
  {
    value: 1, name: 'LIGHT', code: 'soft', color: 'yellow', lagTrigger: 100_000, memoryTrigger: 70,
    meaning: 'Enrichment skipped; every symbol still processed.',
  },
  {
    value: 2, name: 'MODERATE', code: 'graceful', color: 'orange', lagTrigger: 500_000, memoryTrigger: 80,
    meaning: 'Tier 3 symbols shed.',
  },
  {
    value: 3, name: 'SEVERE', code: 'aggressive', color: 'red', lagTrigger: 1_000_000, memoryTrigger: 90,
    meaning: 'Tier 2 and tier 3 symbols shed.',
  },
  {
    value: 4, name: 'CRITICAL', code: 'circuit_break', color: 'dark-red', lagTrigger: 5_000_000, memoryTrigger: 95,
    meaning: 'Only tier 1 symbols processed.',
  },
];

/** Recovery hysteresis (degradation_manager.py:57-61, `_can_recover`). */
export const recovery = {
  /** Recovery needs lag < lagFactor x the current level's lag trigger (strict). */
  lagFactor: 0.5,
  /** ...and memory < memoryFactor x the current level's memory trigger (strict). */
  memoryFactor: 0.9,
  /** K2's default cooldown since the last transition, up or down. */
  cooldownSeconds: 30,
} as const;

/**
 * Timing profiles for the degradation manager and the stream's circuit breaker.
 * `k2` is K2's code defaults; `demo` shortens the cooldown so a recovery from MODERATE reaches NORMAL within 15 s.
 */
export const profiles = {
  k2: { cooldownSeconds: recovery.cooldownSeconds, healthCheckTimeoutSeconds: 30, breakerOpenTimeoutSeconds: 30, breakerSuccessThreshold: 2 },
  demo: { cooldownSeconds: 5, healthCheckTimeoutSeconds: 3, breakerOpenTimeoutSeconds: 5, breakerSuccessThreshold: 2 },
} as const;
export type ProfileName = keyof typeof profiles;

export type TierName = 'tier_1' | 'tier_2' | 'tier_3';

export interface SymbolTier {
  readonly tier: TierName;
  /** Display number used in text ("tier 1"). */
  readonly number: 1 | 2 | 3;
  /** First level at which this tier's messages are shed; undefined = never dropped. */
  readonly droppedFrom?: LevelValue;
  /** `reason` label on `k2_messages_shed_total` for this tier below CRITICAL (K2's LoadShedder reason values). */
  readonly shedReason?: 'low_priority' | 'normal_priority';
  readonly symbols: readonly string[];
}

/** Tiers as the K2 demo presents them. Symbols are K2's Binance symbol label values. */
export const tiers: readonly SymbolTier[] = [
  { tier: 'tier_1', number: 1, symbols: ['BTCUSDT', 'ETHUSDT'] },
  { tier: 'tier_2', number: 2, droppedFrom: 3, shedReason: 'normal_priority', symbols: ['BNBUSDT'] },
  { tier: 'tier_3', number: 3, droppedFrom: 2, shedReason: 'low_priority', symbols: ['ADAUSDT', 'DOGEUSDT'] },
];

/** At CRITICAL K2's LoadShedder keeps critical symbols only and labels everything it sheds `non_critical`. */
export const criticalShedReason = 'non_critical' as const;

/** Short display name of a symbol: BTCUSDT -> BTC. */
export function symbolDisplayName(symbol: string): string {
  return symbol.replace(/USDT$/, '');
}

/** Circuit breaker gauge values (metrics.py:199-203) and K2's breaker instances. */
export const breakerStates = [
  { value: 0, name: 'CLOSED', color: 'green' },
  { value: 1, name: 'OPEN', color: 'red' },
  { value: 2, name: 'HALF_OPEN', color: 'yellow' },
] as const;
export const breakers = ['binance_websocket'] as const;

/**
 * Container names of K2's v1 stack (k2-platform.md section 6.2): what `simulate --driver docker` pauses by default
 * (v2 names differ, hence the flags that override them).
 */
export const containers = { consumer: 'k2-consumer', stream: 'k2-binance-stream' } as const;

/** Kafka consumer labels K2's consumer uses (consume_crypto_trades.py defaults). */
export const consumerLabels = {
  exchange: 'BINANCE',
  asset_class: 'crypto',
  topic: 'market.crypto.trades.binance',
  consumer_group: 'k2-iceberg-writer-crypto-v2',
} as const;

export type MetricType = 'gauge' | 'counter';

export interface MetricSpec {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  /** Value of the standard `component` label. */
  readonly component: string;
  /** Labels beyond the standard three, in K2's order. */
  readonly labels: readonly string[];
}

/** K2's metric contract, names and labels exactly as K2 registers them. */
export const metrics = {
  degradationLevel: {
    name: 'k2_degradation_level', type: 'gauge', component: 'degradation_manager', labels: [],
    help: 'Current system degradation level (0=normal, 1=soft, 2=graceful, 3=spill, 4=circuit_breaker)',
  },
  degradationTransitions: {
    name: 'k2_degradation_transitions_total', type: 'counter', component: 'degradation_manager',
    labels: ['from_level', 'to_level'], help: 'Total degradation level transitions',
  },
  messagesShed: {
    name: 'k2_messages_shed_total', type: 'counter', component: 'load_shedder',
    labels: ['symbol_tier', 'reason'], help: 'Total messages shed due to load shedding',
  },
  circuitBreakerState: {
    name: 'k2_circuit_breaker_state', type: 'gauge', component: 'circuit_breaker',
    labels: ['breaker_name'], help: 'Circuit breaker state (0=closed, 1=open, 2=half_open)',
  },
  circuitBreakerFailures: {
    name: 'k2_circuit_breaker_failures_total', type: 'counter', component: 'circuit_breaker',
    labels: ['breaker_name'], help: 'Total circuit breaker failures',
  },
  binanceConnectionStatus: {
    name: 'k2_binance_connection_status', type: 'gauge', component: 'binance_streaming', labels: [],
    help: 'Binance WebSocket connection status (1=connected, 0=disconnected)',
  },
  binanceMessagesReceived: {
    name: 'k2_binance_messages_received_total', type: 'counter', component: 'binance_streaming',
    labels: ['symbol'], help: 'Total trade messages received from Binance WebSocket',
  },
  binanceLastMessageTimestamp: {
    name: 'k2_binance_last_message_timestamp_seconds', type: 'gauge', component: 'binance_streaming', labels: [],
    help: 'Timestamp of last message received from Binance (for health check)',
  },
  binanceReconnects: {
    name: 'k2_binance_reconnects_total', type: 'counter', component: 'binance_streaming',
    labels: ['reason'], help: 'Total Binance WebSocket reconnection attempts',
  },
  consumerLag: {
    name: 'k2_kafka_consumer_lag_messages', type: 'gauge', component: 'consumer',
    labels: ['exchange', 'asset_class', 'topic', 'partition', 'consumer_group'], help: 'Consumer lag in message count',
  },
  messagesConsumed: {
    name: 'k2_kafka_messages_consumed_total', type: 'counter', component: 'consumer',
    labels: ['exchange', 'asset_class', 'topic', 'consumer_group'], help: 'Total messages consumed from Kafka',
  },
} as const satisfies Record<string, MetricSpec>;

export type MetricKey = keyof typeof metrics;

/** Every metric name K2 exports, for lint ("every metric a query names is in the catalog"). */
export const metricNames: readonly string[] = Object.values(metrics).map((m) => m.name);

/** Grafana-side identifiers shared by dashboards, alert rules, provisioning and the annotation emitter. */
export const grafana = {
  /** Fixed uid of the Prometheus datasource; the alert rules query it by this uid. */
  datasourceUid: 'k2-prometheus',
  datasourceName: 'Prometheus',
  folder: { uid: 'k2', title: 'K2' },
  degradationDashboardUid: 'k2-degradation',
  /** The "degradation level now" stat, shared as a library panel (dashboards use it by reference). */
  levelNowLibraryPanel: { uid: 'k2-degradation-level-now', name: 'K2 degradation level now' },
  /** Tag the dashboard's annotation query filters on; every simulated failure event carries it. */
  simulationAnnotationTag: 'k2-failure-sim',
  /** Tag on annotations the watcher writes for observed level changes. */
  levelChangeAnnotationTag: 'k2-level-change',
} as const;

/** Look a level up by number; throws on a value outside 0..4 so a bad reading is never shown as a level. */
export function levelByValue(value: number): DegradationLevel {
  const level = levels.find((l) => l.value === value);
  if (!level) throw new RangeError(`degradation level ${value} is not one of 0..4`);
  return level;
}

/** Tiers shed at a given level, in tier order. */
export function tiersShedAt(level: LevelValue): SymbolTier[] {
  return tiers.filter((t) => t.droppedFrom !== undefined && level >= t.droppedFrom);
}

/** Binance WebSocket connection gauge values (`k2_binance_connection_status`: 1=connected, 0=disconnected). */
export const connectionStates = [
  { value: 1, name: 'CONNECTED', color: 'green' },
  { value: 0, name: 'DISCONNECTED', color: 'red' },
] as const;

/**
 * Alert tuning of k2-grafana's own rules. K2 ships no degradation alerts, so these are ours, not K2 code defaults;
 * they live here so the rules, their runbook text and the tests read one value.
 */
export const alerting = {
  /** Grafana evaluates the K2 rule group this often (a multiple of its 10 s scheduler tick). */
  evaluationIntervalSeconds: 10,
  /** More level transitions than this within the window counts as flapping. */
  flappingTransitions: 4,
  flappingWindowMinutes: 10,
  /** How long a level at or above MODERATE must last before the warning fires. */
  degradedForSeconds: 30,
  /** How long the stream must stay disconnected before the alert fires. */
  disconnectedForSeconds: 30,
  /** K2's planned maintenance window (UTC): its alerts are muted then (a mute timing the policy names). */
  maintenance: { name: 'k2-maintenance', weekdays: ['sunday'], startTime: '02:00', endTime: '04:00', location: 'UTC' },
  /** The notification template K2's webhook renders its message with. */
  messageTemplate: 'k2.message',
} as const;
