import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { keyedPanel, promQuery } from '../../../src/definitions/entry.js';
import type { Catalog } from '../../catalog-type.js';
import { selector, withTierNames } from '../promql.js';
import { messagesPerSecond } from './throughput.js';

/** Load shedding at work: messages refused per second, by symbol tier. */
export function shedByTierPanel(catalog: Catalog) {
  const rate = `rate(${selector(catalog, 'messagesShed')}[$__rate_interval])`;
  return keyedPanel(
    'messages-shed-by-tier',
    new TimeseriesBuilder()
      .title('Messages shed per second by tier')
      .description('Messages the load shedder refused per second, by symbol tier (tier 1 is never shed).')
      .unit(messagesPerSecond)
      .min(0)
      .withTarget(promQuery(`sum by (tier) (${withTierNames(catalog, rate, 'symbol_tier', 'tier')})`, { legend: '{{tier}}' }))
      .span(12)
      .height(8),
  );
}
