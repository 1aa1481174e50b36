import { BigValueColorMode, BigValueGraphMode, ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { keyedPanel, promQuery } from '../../../src/definitions/entry.js';
import type { Catalog } from '../../catalog-type.js';
import { absoluteThresholds } from '../field-config.js';
import { selector } from '../promql.js';

/** Stream freshness: red once K2's health check would reconnect. */
export function sinceLastMessagePanel(catalog: Catalog) {
  const timeout = catalog.profiles.k2.healthCheckTimeoutSeconds;
  const healthy = catalog.connectionStates.find((s) => s.value === 1)?.color ?? 'green';
  const stale = catalog.connectionStates.find((s) => s.value === 0)?.color ?? 'red';
  return keyedPanel(
    'seconds-since-last-message',
    new StatBuilder()
      .title('Seconds since last message')
      .description(`Time since the last trade message from Binance. K2 reconnects after ${timeout} s without a message.`)
      .unit('s')
      .decimals(0)
      .withTarget(
        promQuery(`time() - max(${selector(catalog, 'binanceLastMessageTimestamp')})`, { instant: true, legend: 'age' }),
      )
      .thresholds(absoluteThresholds([{ value: null, color: healthy }, { value: timeout, color: stale }]))
      .colorMode(BigValueColorMode.Value)
      .graphMode(BigValueGraphMode.Area)
      .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']))
      .noValue('no data')
      .span(6)
      .height(8),
  );
}
