import type { Catalog } from '../catalog-type.js';
import type { MetricKey, TierName } from '../catalog.js';

/** Dashboard variables every query filters on. */
export const variables = { environment: 'environment', service: 'service' } as const;

/**
 * A selector for one K2 metric, filtered by the dashboard's environment and service variables and pinned to the
 * metric's K2 component (so a same-named series from another component never mixes in).
 */
export function selector(catalog: Catalog, key: MetricKey, extra: Readonly<Record<string, string>> = {}): string {
  const metric = catalog.metrics[key];
  const matchers = [
    `component="${metric.component}"`,
    `environment=~"$${variables.environment}"`,
    `service=~"$${variables.service}"`,
    ...Object.entries(extra).map(([label, value]) => `${label}="${value}"`),
  ];
  return `${metric.name}{${matchers.join(',')}}`;
}

/**
 * Adds label `target` holding the level display name (MODERATE) for the K2 code name (graceful) found in `source`:
 * legends and annotation titles then show what users know, not K2's enum names.
 */
export function withLevelNames(catalog: Catalog, expr: string, source: string, target: string): string {
  return catalog.levels.reduce(
    (inner, level) => `label_replace(${inner}, "${target}", "${level.name}", "${source}", "${level.code}")`,
    expr,
  );
}

/** Display text of a tier: `tier 3 (ADA, DOGE)`. */
export function tierLabel(catalog: Catalog, tier: TierName): string {
  const spec = catalog.tiers.find((t) => t.tier === tier);
  if (!spec) throw new RangeError(`unknown tier ${tier}`);
  return `tier ${spec.number} (${spec.symbols.map(catalog.symbolDisplayName).join(', ')})`;
}

/** Adds label `target` with the tier display text for the `symbol_tier` value in `source`. */
export function withTierNames(catalog: Catalog, expr: string, source: string, target: string): string {
  return catalog.tiers.reduce(
    (inner, tier) => `label_replace(${inner}, "${target}", "${tierLabel(catalog, tier.tier)}", "${source}", "${tier.tier}")`,
    expr,
  );
}

/** The current level (one number): what "symbols processing vs dropped" derives from. */
export function currentLevel(catalog: Catalog): string {
  return `max(${selector(catalog, 'degradationLevel')})`;
}

/** Compact number for descriptions: 100000 -> 100k, 5000000 -> 5M. */
export function compact(value: number): string {
  if (value >= 1_000_000 && value % 100_000 === 0) return `${value / 1_000_000}M`;
  if (value >= 1_000 && value % 100 === 0) return `${value / 1_000}k`;
  return String(value);
}

/**
 * Increase of a counter over `window`, also counting series born inside it. K2 creates a labelled counter at its
 * first increment (prometheus_client children are lazy), so the first `normal -> soft` transition is a series
 * appearing at 1, which `increase()` alone cannot see (it needs two samples).
 */
export function increaseWithNewSeries(series: string, window: string): string {
  return `(increase(${series}[${window}]) and ${series} offset ${window}) or (${series} unless ${series} offset ${window})`;
}
