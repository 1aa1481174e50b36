/**
 * The shape of the catalog the simulation reads. It mirrors the K2 catalog module (dashboards/catalog.ts) so that
 * module can be passed in as-is at the edge (`import * as catalog ...; startDemoTarget({ config: catalog })`),
 * and tests can pass modified copies; no K2 number is repeated in the model.
 */

/** One degradation level. Levels without triggers (the lowest) are the "everything fine" level. */
export interface SimulationLevel {
  readonly value: number;
  /** Display name users see (NORMAL, MODERATE, ...). */
  readonly name: string;
  /** Code name written into transition label values (normal, graceful, ...). */
  readonly code: string;
  /** Lag (messages) at or above which the level is entered. */
  readonly lagTrigger?: number;
  /** Memory percent at or above which the level is entered. */
  readonly memoryTrigger?: number;
}

export interface SimulationTier {
  /** `symbol_tier` label value. */
  readonly tier: string;
  /** First level value at which this tier is shed; undefined = never. */
  readonly droppedFrom?: number;
  /** `reason` label value below the top level. */
  readonly shedReason?: string;
  readonly symbols: readonly string[];
}

export interface SimulationMetricSpec {
  readonly name: string;
  readonly help: string;
  /** Value of the standard `component` label. */
  readonly component: string;
  /** Labels beyond the standard three, in the exporter's order. */
  readonly labels: readonly string[];
}

/** The metrics the demo target exports, by role. Keys follow the catalog's. */
export interface SimulationMetrics {
  readonly degradationLevel: SimulationMetricSpec;
  readonly degradationTransitions: SimulationMetricSpec;
  readonly messagesShed: SimulationMetricSpec;
  readonly circuitBreakerState: SimulationMetricSpec;
  readonly circuitBreakerFailures: SimulationMetricSpec;
  readonly binanceConnectionStatus: SimulationMetricSpec;
  readonly binanceMessagesReceived: SimulationMetricSpec;
  readonly binanceLastMessageTimestamp: SimulationMetricSpec;
  readonly binanceReconnects: SimulationMetricSpec;
  readonly consumerLag: SimulationMetricSpec;
  readonly messagesConsumed: SimulationMetricSpec;
}

export interface SimulationConfig {
  /** `service` and `environment` label values on every series. */
  readonly standardLabels: { readonly service: string; readonly environment: string };
  readonly levels: readonly SimulationLevel[];
  readonly recovery: { readonly lagFactor: number; readonly memoryFactor: number };
  readonly tiers: readonly SimulationTier[];
  /** `reason` for everything shed at the top level. */
  readonly criticalShedReason: string;
  /** Breaker gauge values by state name (CLOSED, OPEN, HALF_OPEN). */
  readonly breakerStates: readonly { readonly value: number; readonly name: string }[];
  /** Breaker instances; the first one guards the stream. */
  readonly breakers: readonly string[];
  /** Label values the consumer metrics carry (exchange, asset_class, topic, consumer_group). */
  readonly consumerLabels: Readonly<Record<string, string>>;
  readonly metrics: SimulationMetrics;
}

/** Timing of the degradation manager and the stream's circuit breaker (a catalog profile). */
export interface TimingProfile {
  /** Minimum time since the last transition (up or down) before a recovery step. */
  readonly cooldownSeconds: number;
  /** No message for this long opens the breaker. */
  readonly healthCheckTimeoutSeconds: number;
  /** Time an open breaker waits before a half-open probe. */
  readonly breakerOpenTimeoutSeconds: number;
  /** Consecutive successful probes that close a half-open breaker. */
  readonly breakerSuccessThreshold: number;
}

export type BreakerStateName = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/** Levels sorted by value, lowest first; throws when the config has none. */
export function sortedLevels(config: Pick<SimulationConfig, 'levels'>): SimulationLevel[] {
  const sorted = [...config.levels].sort((a, b) => a.value - b.value);
  if (sorted.length === 0) throw new RangeError('the simulation config lists no degradation levels');
  return sorted;
}

/** The breaker gauge value of a state, as the config encodes it. */
export function breakerStateValue(config: Pick<SimulationConfig, 'breakerStates'>, state: BreakerStateName): number {
  const found = config.breakerStates.find((s) => s.name === state);
  if (!found) throw new RangeError(`the simulation config has no breaker state named ${state}`);
  return found.value;
}
