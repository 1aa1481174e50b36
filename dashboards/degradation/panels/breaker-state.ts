import { PanelBuilder as StateTimelineBuilder } from '@grafana/grafana-foundation-sdk/statetimeline';
import { keyedPanel, promQuery } from '../../../src/definitions/entry.js';
import type { Catalog } from '../../catalog-type.js';
import { stateMappings, stateThresholds } from '../field-config.js';
import { selector } from '../promql.js';

/** Each circuit breaker's state over time (closed / open / half-open). */
export function breakerStatePanel(catalog: Catalog) {
  const names = catalog.breakerStates.map((s) => `${s.value} ${s.name}`).join(', ');
  return keyedPanel(
    'circuit-breaker-state',
    new StateTimelineBuilder()
      .title('Circuit breaker state')
      .description(`State of each circuit breaker over time (${names}).`)
      .unit('none')
      .withTarget(
        promQuery(`max by (breaker_name) (${selector(catalog, 'circuitBreakerState')})`, { legend: '{{breaker_name}}' }),
      )
      .mappings(stateMappings(catalog.breakerStates))
      .thresholds(stateThresholds(catalog.breakerStates))
      .mergeValues(true)
      .span(12)
      .height(8),
  );
}
