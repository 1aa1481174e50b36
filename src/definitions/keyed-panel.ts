import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { legendConfig, type LegendOptions } from './legend.js';
import { panelIdFromKey } from './panel-id.js';

/** Keys of built panels, so a collision error can name both keys (ids are all that survive in the JSON). */
const panelKeys = new WeakMap<object, string>();

/** The key a keyed panel or row was built with, if it was built by keyedPanel/keyedRow. */
export function keyOfPanel(panel: object): string | undefined {
  return panelKeys.get(panel);
}

export interface KeyedPanelOptions {
  /** Legend of panels that have one (time series, state timeline, bar gauge...). @default { mode: 'list' } */
  readonly legend?: LegendOptions;
}

/**
 * Wrap an SDK panel builder so the built panel carries a stable id derived from `key`. Use a key that says what the
 * panel shows (`request-rate`), not where it sits: renaming the title or moving the panel keeps its id.
 */
export function keyedPanel(
  key: string,
  builder: cog.Builder<dashboard.Panel>,
  options: KeyedPanelOptions = {},
): cog.Builder<dashboard.Panel> {
  return {
    build(): dashboard.Panel {
      const panel = builder.build();
      panel.id = panelIdFromKey(key);
      const panelOptions = panel.options as Record<string, unknown> | undefined;
      if (panelOptions && 'legend' in panelOptions) panelOptions.legend = legendConfig(options.legend);
      panelKeys.set(panel, key);
      return panel;
    },
  };
}

/** Same as keyedPanel for rows (the SDK gives every row id 0). */
export function keyedRow(key: string, builder: cog.Builder<dashboard.RowPanel>): cog.Builder<dashboard.RowPanel> {
  return {
    build(): dashboard.RowPanel {
      const row = builder.build();
      row.id = panelIdFromKey(key);
      panelKeys.set(row, key);
      return row;
    },
  };
}
