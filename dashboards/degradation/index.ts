import { DashboardBuilder, DashboardCursorSync, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { defineDashboard, keyedRow, type DashboardDefinition } from '../../src/definitions/entry.js';
import type { Catalog } from '../catalog-type.js';
import * as k2 from '../catalog.js';
import { dashboardAnnotations } from './annotations.js';
import { breakerStatePanel } from './panels/breaker-state.js';
import { consumerLagPanel } from './panels/consumer-lag.js';
import { levelNowPanel } from './panels/level-now.js';
import { levelOverTimePanel } from './panels/level-over-time.js';
import { levelTransitionsPanel } from './panels/level-transitions.js';
import { shedByTierPanel } from './panels/shed-by-tier.js';
import { sinceLastMessagePanel } from './panels/since-last-message.js';
import { streamConnectedPanel } from './panels/stream-connected.js';
import { symbolsByTierPanel } from './panels/symbols-by-tier.js';
import { throughputPanel } from './panels/throughput.js';
import { dashboardVariables } from './variables.js';

export const source = 'dashboards/degradation/index.ts';

/**
 * The K2 degradation dashboard the resilience demo is watched on. Reads like a table of contents: one row per
 * question (how degraded are we, what does it cost, is the feed healthy), one factory per panel under panels/.
 * Refresh is 5 s: Grafana raises anything shorter to its minimum, which would make every push differ.
 */
export function degradationDashboard(catalog: Catalog = k2): DashboardDefinition {
  const builder = new DashboardBuilder('K2 Degradation')
    .uid(catalog.grafana.degradationDashboardUid)
    .description('K2 consumer degradation: level, lag, throughput, load shedding, stream and circuit breaker health.')
    .tags(['k2', 'degradation'])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .refresh('5s')
    .time({ from: 'now-15m', to: 'now' })
    .timezone('browser');
  for (const variable of dashboardVariables(catalog)) builder.withVariable(variable);
  for (const annotation of dashboardAnnotations(catalog)) builder.annotation(annotation);

  builder
    .withRow(keyedRow('row-degradation', new RowBuilder('Degradation')))
    .withPanel(levelNowPanel(catalog))
    .withPanel(levelOverTimePanel(catalog))
    .withPanel(levelTransitionsPanel(catalog))
    .withRow(keyedRow('row-load', new RowBuilder('Lag, throughput and shedding')))
    .withPanel(consumerLagPanel(catalog))
    .withPanel(throughputPanel(catalog))
    .withPanel(shedByTierPanel(catalog))
    .withPanel(symbolsByTierPanel(catalog))
    .withRow(keyedRow('row-stream', new RowBuilder('Stream and circuit breaker')))
    .withPanel(streamConnectedPanel(catalog))
    .withPanel(sinceLastMessagePanel(catalog))
    .withPanel(breakerStatePanel(catalog));

  return defineDashboard({ source, folderUid: catalog.grafana.folder.uid, dashboard: builder });
}
