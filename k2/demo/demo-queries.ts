import type { DemoConfig, DemoMetric } from './demo-config.js';

/** The PromQL behind every figure the demo shows; printed in --output json so anyone can re-run them. */
export interface DemoQueries {
  readonly level: string;
  readonly lag: string;
  readonly shedTotal: string;
  readonly shedByTier: string;
  readonly consumedRate: string;
  readonly processedRate: string;
  readonly shedRateByTier: string;
  readonly receivedRateBySymbol: string;
}

function selector(metric: DemoMetric): string {
  return `${metric.name}{component="${metric.component}"}`;
}

/**
 * Throughput is what the consumer actually processes: consumed minus shed (K2 counts a message as consumed before
 * shedding it, so the consumed counter alone would hide the shedding).
 */
export function demoQueries(config: DemoConfig, rateWindowSeconds: number): DemoQueries {
  const m = config.metrics;
  const w = `[${rateWindowSeconds}s]`;
  const consumedRate = `sum(rate(${selector(m.messagesConsumed)}${w}))`;
  const shedRate = `sum(rate(${selector(m.messagesShed)}${w}))`;
  return {
    level: `max(${selector(m.degradationLevel)})`,
    lag: `sum(${selector(m.consumerLag)})`,
    shedTotal: `sum(${selector(m.messagesShed)})`,
    shedByTier: `sum by (symbol_tier) (${selector(m.messagesShed)})`,
    consumedRate,
    processedRate: `${consumedRate} - ${shedRate}`,
    shedRateByTier: `sum by (symbol_tier) (rate(${selector(m.messagesShed)}${w}))`,
    receivedRateBySymbol: `sum by (symbol) (rate(${selector(m.binanceMessagesReceived)}${w}))`,
  };
}
