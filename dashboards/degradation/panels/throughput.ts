import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { keyedPanel, promQuery } from '../../../src/definitions/entry.js';
import type { Catalog } from '../../catalog-type.js';
import { selector } from '../promql.js';

/** Messages per second a Grafana custom unit shows. */
export const messagesPerSecond = 'suffix: msg/s';

/**
 * Received per symbol, consumed, and processed. K2 has no processed-per-symbol metric, so processed is derived:
 * consumed - shed (K2 counts shed messages as consumed).
 */
export function throughputPanel(catalog: Catalog) {
  const rate = (key: 'binanceMessagesReceived' | 'messagesConsumed' | 'messagesShed') =>
    `rate(${selector(catalog, key)}[$__rate_interval])`;
  return keyedPanel(
    'throughput',
    new TimeseriesBuilder()
      .title('Throughput per second')
      .description(
        'Trade messages received from the exchange per symbol, consumed from Kafka, and processed ' +
          '(consumed minus shed: K2 counts shed messages as consumed and has no per-symbol processed metric).',
      )
      .unit(messagesPerSecond)
      .min(0)
      .withTarget(promQuery(`sum by (symbol) (${rate('binanceMessagesReceived')})`, { legend: 'received {{symbol}}' }))
      .withTarget(promQuery(`sum(${rate('messagesConsumed')})`, { legend: 'consumed' }))
      .withTarget(
        promQuery(`sum(${rate('messagesConsumed')}) - (sum(${rate('messagesShed')}) or vector(0))`, {
          legend: 'processed (consumed - shed)',
        }),
      )
      .span(12)
      .height(8),
  );
}
