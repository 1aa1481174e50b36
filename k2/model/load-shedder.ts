import { sortedLevels, type SimulationConfig, type SimulationTier } from './simulation-config.js';

type ShedConfig = Pick<SimulationConfig, 'levels' | 'tiers' | 'criticalShedReason'>;

/**
 * The `reason` a tier's message is shed with at a level, or undefined when it is processed. Tiers are shed from their
 * `droppedFrom` level; at the top level everything shed carries the critical reason (K2's LoadShedder at CIRCUIT_BREAK).
 */
export function shedReasonFor(config: ShedConfig, tier: SimulationTier, levelValue: number): string | undefined {
  if (tier.droppedFrom === undefined || levelValue < tier.droppedFrom) return undefined;
  const top = sortedLevels(config).at(-1)!;
  if (levelValue >= top.value) return config.criticalShedReason;
  return tier.shedReason ?? config.criticalShedReason;
}

/** Every reason label value the shedder can write, in first-use order: tier reasons, then the critical one. */
export function shedReasons(config: ShedConfig): string[] {
  const reasons: string[] = [];
  for (const tier of config.tiers) if (tier.shedReason && !reasons.includes(tier.shedReason)) reasons.push(tier.shedReason);
  if (!reasons.includes(config.criticalShedReason)) reasons.push(config.criticalShedReason);
  return reasons;
}
