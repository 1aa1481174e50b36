import { keyedPanel } from '../../../src/definitions/entry.js';
import type { Catalog } from '../../catalog-type.js';
import { currentLevel } from '../promql.js';
import { stateStat } from '../state-stat.js';

/** Its key (and so its panel id): dashboards/index.ts makes this panel a library panel. */
export const levelNowPanelKey = 'degradation-level-now';

/** The one number the demo audience watches: the current level, by name and colour. */
export function levelNowPanel(catalog: Catalog) {
  const names = catalog.levels.map((l) => `${l.value} ${l.name}`).join(', ');
  return keyedPanel(
    levelNowPanelKey,
    stateStat({
      title: 'Degradation level',
      description: `Current degradation level of the K2 consumer (${names}). Highest level across the selected services.`,
      query: currentLevel(catalog),
      legend: 'level',
      states: catalog.levels,
    }),
  );
}
