import { GraphThresholdsStyleConfigBuilder, GraphThresholdsStyleMode } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { keyedPanel, promQuery } from '../../../src/definitions/entry.js';
import type { Catalog } from '../../catalog-type.js';
import { lagThresholds } from '../field-config.js';
import { compact, selector } from '../promql.js';

/**
 * Consumer lag summed over partitions (what K2's degradation manager compares), with a dashed line at each level's
 * lag trigger.
 */
export function consumerLagPanel(catalog: Catalog) {
  const lines = catalog.levels
    .filter((l) => l.lagTrigger !== undefined)
    .map((l) => `${l.name} at ${compact(l.lagTrigger as number)}`)
    .join(', ');
  return keyedPanel(
    'consumer-lag',
    new TimeseriesBuilder()
      .title('Consumer lag')
      .description(
        `Kafka consumer lag in messages, summed over partitions per consumer group. Dashed lines mark the lag at which ` +
          `each level is entered: ${lines}.`,
      )
      .unit('short')
      .min(0)
      .withTarget(
        promQuery(`sum by (consumer_group) (${selector(catalog, 'consumerLag')})`, { legend: 'lag {{consumer_group}}' }),
      )
      .thresholds(lagThresholds(catalog))
      .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed))
      .span(12)
      .height(8),
  );
}
