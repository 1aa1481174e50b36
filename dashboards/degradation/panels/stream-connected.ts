import { BigValueColorMode, BigValueGraphMode, ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { keyedPanel, promQuery } from '../../../src/definitions/index.js';
import type { Catalog } from '../../catalog-type.js';
import { stateMappings, stateThresholds } from '../field-config.js';
import { selector } from '../promql.js';

/** Whether the exchange WebSocket is up (the worst of the selected services). */
export function streamConnectedPanel(catalog: Catalog) {
  return keyedPanel(
    'stream-connected',
    new StatBuilder()
      .title('WebSocket connected')
      .description('Binance WebSocket connection status; DISCONNECTED if any selected service has lost its stream.')
      .unit('none')
      .withTarget(promQuery(`min(${selector(catalog, 'binanceConnectionStatus')})`, { instant: true, legend: 'stream' }))
      .mappings(stateMappings(catalog.connectionStates))
      .thresholds(stateThresholds(catalog.connectionStates))
      .colorMode(BigValueColorMode.Background)
      .graphMode(BigValueGraphMode.None)
      .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']))
      .noValue('no data')
      .span(6)
      .height(8),
  );
}
