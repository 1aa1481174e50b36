import { keyedPanel } from '../../../src/definitions/entry.js';
import type { Catalog } from '../../catalog-type.js';
import { selector } from '../promql.js';
import { stateStat } from '../state-stat.js';

/** Whether the exchange WebSocket is up (the worst of the selected services). */
export function streamConnectedPanel(catalog: Catalog) {
  return keyedPanel(
    'stream-connected',
    stateStat({
      title: 'WebSocket connected',
      description: 'Binance WebSocket connection status; DISCONNECTED if any selected service has lost its stream.',
      query: `min(${selector(catalog, 'binanceConnectionStatus')})`,
      legend: 'stream',
      states: catalog.connectionStates,
    }),
  );
}
