import {
  CustomVariableBuilder,
  DashboardBuilder,
  DashboardCursorSync,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarGaugeBuilder } from '@grafana/grafana-foundation-sdk/bargauge';
import { PanelBuilder as GaugeBuilder } from '@grafana/grafana-foundation-sdk/gauge';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as StateTimelineBuilder } from '@grafana/grafana-foundation-sdk/statetimeline';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TextBuilder } from '@grafana/grafana-foundation-sdk/text';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { describe, expect, it } from 'vitest';
import { defineDashboard, keyedPanel, keyedRow, promQuery, templateDatasource } from '../../src/definitions/index.js';
import { importDashboards } from '../../src/import/dashboard/index.js';

/**
 * A dashboard made the way K2's are (SDK builders and our helpers: keyed panels and rows, promQuery, the datasource
 * variable, legends, thresholds), then imported: every field of it has a builder, so the import writes no raw part.
 * When this fails, a builder method the importer should use went unused (or the SDK changed).
 */
function builderMadeDashboard() {
  const thresholds = new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([{ value: null, color: 'green' }, { value: 80, color: 'red' }]);
  const dashboard = new DashboardBuilder('Checkout')
    .uid('checkout-service')
    .description('Requests, errors and saturation of the checkout service.')
    .tags(['checkout', 'team'])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .refresh('30s')
    .time({ from: 'now-1h', to: 'now' })
    .timezone('browser')
    .withVariable(new DatasourceVariableBuilder('datasource').label('Prometheus').type('prometheus'))
    .withVariable(new QueryVariableBuilder('job').label('Job').datasource(templateDatasource('prometheus')).query('label_values(up, job)').definition('label_values(up, job)').includeAll(true))
    .withVariable(new CustomVariableBuilder('env').values('prod,staging'))
    .withRow(keyedRow('row-traffic', new RowBuilder('Traffic')))
    .withPanel(keyedPanel('request-rate', new TimeseriesBuilder().title('Request rate').description('Requests per second.').unit('reqps').thresholds(thresholds)
      .withTarget(promQuery('sum(rate(http_requests_total{job=~"$job"}[$__rate_interval]))', { legend: 'requests' })).span(12).height(8)))
    .withPanel(keyedPanel('error-ratio', new StatBuilder().title('Error ratio').description('Share of 5xx answers.').unit('percentunit').decimals(2)
      .withTarget(promQuery('sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))', { instant: true })).span(6).height(8)))
    .withPanel(keyedPanel('saturation', new GaugeBuilder().title('Saturation').description('Worker pool in use.').unit('percent').min(0).max(100)
      .withTarget(promQuery('avg(worker_pool_busy_ratio) * 100', { instant: true })).span(6).height(8)))
    .withRow(keyedRow('row-detail', new RowBuilder('Detail')))
    .withPanel(keyedPanel('by-route', new BarGaugeBuilder().title('By route').description('Requests per route.').unit('reqps')
      .withTarget(promQuery('sum by (route) (rate(http_requests_total[5m]))', { legend: '{{route}}', instant: true })).span(8).height(8)))
    .withPanel(keyedPanel('breaker', new StateTimelineBuilder().title('Circuit breaker').description('Open or closed.').unit('none')
      .withTarget(promQuery('max by (breaker) (breaker_state)', { legend: '{{breaker}}' })).span(8).height(8)))
    .withPanel(keyedPanel('slow', new TableBuilder().title('Slowest routes').description('p99 by route.').unit('s')
      .withTarget(promQuery('topk(5, histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket[5m]))))', { instant: true })).span(8).height(8)))
    .withPanel(keyedPanel('about', new TextBuilder().title('About').description('What this dashboard is for.').content('Checkout service: see the runbook.').span(24).height(3)));
  return defineDashboard({ source: 'grafana/checkout.ts', folderUid: 'team', dashboard });
}

describe('import: a dashboard made with builders comes back with builders only', () => {
  it('writes no raw part, and the round trip is exact', async () => {
    const definition = builderMadeDashboard();
    const result = await importDashboards([{ origin: 'checkout.json', dashboard: definition.dashboard, folderUid: 'team' }], { importedDir: 'grafana/imported' });
    const [object] = result.objects;
    expect(object!.inexact).toEqual([]);
    expect(object!.parts).toBe(7);
    expect(object!.raw).toEqual([]);
    const code = result.files.map((f) => f.text).join('\n');
    expect(code).not.toMatch(/\bwithRaw\(|\braw</);
    expect(code).toContain('new TimeseriesBuilder()');
    expect(code).toContain('new PrometheusQueryBuilder()');
  }, 60_000);
});
