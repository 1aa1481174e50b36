import { BigValueGraphMode, ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { keyedPanel, promQuery } from '../../../src/definitions/entry.js';
import type { Catalog } from '../../catalog-type.js';
import { increaseWithNewSeries, selector, withLevelNames } from '../promql.js';

/** How often the level changed in the time range, in total and by the level entered. */
export function levelTransitionsPanel(catalog: Catalog) {
  const increase = increaseWithNewSeries(selector(catalog, 'degradationTransitions'), '$__range');
  return keyedPanel(
    'degradation-level-transitions',
    new StatBuilder()
      .title('Level transitions')
      .description('Degradation level changes in the selected time range (up and down), in total and by the level entered.')
      .unit('none')
      .decimals(0)
      .withTarget(promQuery(`round(sum(${increase}))`, { instant: true, legend: 'all' }))
      .withTarget(
        promQuery(`round(sum by (to) (${withLevelNames(catalog, increase, 'to_level', 'to')}))`, {
          instant: true,
          legend: 'to {{to}}',
        }),
      )
      .graphMode(BigValueGraphMode.None)
      .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']))
      .noValue('0')
      .span(6)
      .height(8),
  );
}
