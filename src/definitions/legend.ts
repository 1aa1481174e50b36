/** How a panel's legend shows: our house default is a list under the graph (the SDK defaults to no legend). */
export type LegendMode = 'list' | 'table' | 'hidden';

export interface LegendOptions {
  /** @default 'list' */
  readonly mode?: LegendMode;
  /** @default 'bottom' */
  readonly placement?: 'bottom' | 'right';
  /** Reducers shown beside each series, e.g. ['lastNotNull', 'max']. @default [] */
  readonly calcs?: readonly string[];
}

/** The `options.legend` object Grafana reads. */
export function legendConfig(options: LegendOptions = {}): Record<string, unknown> {
  const mode = options.mode ?? 'list';
  return {
    showLegend: mode !== 'hidden',
    displayMode: mode === 'hidden' ? 'list' : mode,
    placement: options.placement ?? 'bottom',
    calcs: [...(options.calcs ?? [])],
  };
}
