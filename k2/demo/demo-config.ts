/**
 * What the narrated demo needs to know about the platform it presents. The K2 catalog module (dashboards/catalog.ts)
 * fits this shape and is passed in by the demo command; the narration itself repeats no K2 metric, level or symbol.
 */
export interface DemoLevel {
  readonly value: number;
  readonly name: string;
  readonly lagTrigger?: number;
  readonly memoryTrigger?: number;
  readonly meaning?: string;
}

export interface DemoTier {
  /** `symbol_tier` label value, e.g. tier_3. */
  readonly tier: string;
  /** Display number ("tier 3"). */
  readonly number: number;
  /** First level value at which the tier is shed; undefined = never. */
  readonly droppedFrom?: number;
  readonly symbols: readonly string[];
}

export interface DemoMetric {
  readonly name: string;
  readonly component: string;
}

export interface DemoConfig {
  readonly levels: readonly DemoLevel[];
  readonly tiers: readonly DemoTier[];
  readonly recovery: { readonly lagFactor: number; readonly memoryFactor: number };
  readonly metrics: {
    readonly degradationLevel: DemoMetric;
    readonly messagesShed: DemoMetric;
    readonly messagesConsumed: DemoMetric;
    readonly consumerLag: DemoMetric;
    readonly binanceMessagesReceived: DemoMetric;
  };
  /** Short display name of a symbol (BTCUSDT -> BTC). @default identity */
  readonly symbolDisplayName?: (symbol: string) => string;
}

/** The lowest level whose lag trigger the given lag reaches (escalation checks from the top with >=). */
export function levelForLag(config: DemoConfig, lag: number): DemoLevel {
  const sorted = [...config.levels].sort((a, b) => a.value - b.value);
  let reached = sorted[0]!;
  for (const level of sorted) if (level.lagTrigger !== undefined && lag >= level.lagTrigger) reached = level;
  return reached;
}

export function levelName(config: DemoConfig, value: number): string {
  return config.levels.find((l) => l.value === value)?.name ?? `level ${value}`;
}

export function normalLevel(config: DemoConfig): DemoLevel {
  return [...config.levels].sort((a, b) => a.value - b.value)[0]!;
}
