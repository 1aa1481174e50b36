import { PanelBuilder as StateTimelineBuilder } from '@grafana/grafana-foundation-sdk/statetimeline';
import { keyedPanel, promQuery } from '../../../src/definitions/entry.js';
import type { Catalog } from '../../catalog-type.js';
import { stateMappings, stateThresholds } from '../field-config.js';
import { selector } from '../promql.js';

/** When the level rose and fell, per service, in level colours: the story of the demo at a glance. */
export function levelOverTimePanel(catalog: Catalog) {
  return keyedPanel(
    'degradation-level-over-time',
    new StateTimelineBuilder()
      .title('Degradation level over time')
      .description('Degradation level per service over the time range; each band is named after its level.')
      .unit('none')
      .withTarget(promQuery(`max by (service) (${selector(catalog, 'degradationLevel')})`, { legend: '{{service}}' }))
      .mappings(stateMappings(catalog.levels))
      .thresholds(stateThresholds(catalog.levels))
      .mergeValues(true)
      .span(12)
      .height(8),
  );
}
