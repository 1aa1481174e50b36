import { BigValueColorMode, BigValueGraphMode, ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { keyedPanel, promQuery } from '../../../src/definitions/index.js';
import type { Catalog } from '../../catalog-type.js';
import { stateMappings, stateThresholds } from '../field-config.js';
import { currentLevel } from '../promql.js';

/** The one number the demo audience watches: the current level, by name and colour. */
export function levelNowPanel(catalog: Catalog) {
  const names = catalog.levels.map((l) => `${l.value} ${l.name}`).join(', ');
  return keyedPanel(
    'degradation-level-now',
    new StatBuilder()
      .title('Degradation level')
      .description(`Current degradation level of the K2 consumer (${names}). Highest level across the selected services.`)
      .unit('none')
      .withTarget(promQuery(currentLevel(catalog), { instant: true, legend: 'level' }))
      .mappings(stateMappings(catalog.levels))
      .thresholds(stateThresholds(catalog.levels))
      .colorMode(BigValueColorMode.Background)
      .graphMode(BigValueGraphMode.None)
      .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']))
      .noValue('no data')
      .span(6)
      .height(8),
  );
}
