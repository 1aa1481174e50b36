import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { describe, expect, it } from 'vitest';
import {
  defineDashboard,
  keyedPanel,
  keyedRow,
  panelIdFromKey,
  promQuery,
  refIdFor,
} from '../../src/definitions/index.js';
import { InvalidDefinitionsError } from '../../src/errors.js';
import type { JsonObject } from '../../src/model/index.js';

const source = 'dashboards/example.ts';

function timeseries(title: string, exprs: string[]) {
  const builder = new TimeseriesBuilder().title(title).unit('short');
  for (const expr of exprs) builder.withTarget(promQuery(expr));
  return builder;
}

function panelsOf(dashboard: JsonObject): JsonObject[] {
  return dashboard.panels as JsonObject[];
}

describe('defineDashboard', () => {
  it('assigns refIds A, B, C in query order and the datasource variable to every panel and target', () => {
    const def = defineDashboard({
      source,
      folderUid: 'f',
      dashboard: new DashboardBuilder('D').uid('d').withPanel(keyedPanel('p', timeseries('P', ['up', 'up * 2', 'up * 3']))),
    });
    const [panel] = panelsOf(def.dashboard);
    const targets = panel.targets as JsonObject[];
    expect(targets.map((t) => t.refId)).toEqual(['A', 'B', 'C']);
    expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    for (const target of targets) expect(target.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    expect(def.source).toBe(source);
    expect(def.folderUid).toBe('f');
  });

  it('continues refIds past Z the way Grafana does', () => {
    expect([0, 1, 25, 26, 27, 51, 52].map(refIdFor)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA']);
  });

  it('uses a given datasource reference instead of the default', () => {
    const def = defineDashboard({
      source,
      folderUid: 'f',
      datasource: { type: 'prometheus', uid: '${prom}' },
      dashboard: new DashboardBuilder('D').uid('d').withPanel(keyedPanel('p', timeseries('P', ['up']))),
    });
    expect(panelsOf(def.dashboard)[0].datasource).toEqual({ type: 'prometheus', uid: '${prom}' });
  });

  it('derives panel and row ids from their keys', () => {
    const def = defineDashboard({
      source,
      folderUid: 'f',
      dashboard: new DashboardBuilder('D')
        .uid('d')
        .withRow(keyedRow('row-a', new RowBuilder('Row A')))
        .withPanel(keyedPanel('lag', timeseries('Lag', ['up']))),
    });
    expect(panelsOf(def.dashboard).map((p) => p.id)).toEqual([panelIdFromKey('row-a'), panelIdFromKey('lag')]);
  });

  it('turns the legend on by default (the SDK leaves it off) and honours a hidden legend', () => {
    const def = defineDashboard({
      source,
      folderUid: 'f',
      dashboard: new DashboardBuilder('D')
        .uid('d')
        .withPanel(keyedPanel('a', timeseries('A', ['up'])))
        .withPanel(keyedPanel('b', timeseries('B', ['up']), { legend: { mode: 'hidden' } })),
    });
    const [a, b] = panelsOf(def.dashboard).map((p) => (p.options as JsonObject).legend as JsonObject);
    expect(a).toMatchObject({ showLegend: true, displayMode: 'list', placement: 'bottom' });
    expect(b.showLegend).toBe(false);
  });

  it('drops the server-owned id, version and iteration', () => {
    const built = new DashboardBuilder('D').uid('d').id(42).version(7).build() as unknown as Record<string, unknown>;
    built.iteration = 123;
    const def = defineDashboard({ source, folderUid: 'f', dashboard: built as never });
    expect(def.dashboard).not.toHaveProperty('id');
    expect(def.dashboard).not.toHaveProperty('version');
    expect(def.dashboard).not.toHaveProperty('iteration');
    expect(def.dashboard.uid).toBe('d');
  });

  it('rejects a panel built without a key, naming the file, dashboard and panel', () => {
    const define = () =>
      defineDashboard({
        source,
        folderUid: 'f',
        dashboard: new DashboardBuilder('Ops').uid('d').withPanel(new StatBuilder().title('Unkeyed')),
      });
    expect(define).toThrow(InvalidDefinitionsError);
    expect(define).toThrow('dashboards/example.ts > dashboard "Ops" > panel "Unkeyed": has no stable id');
  });

  it('rejects a key used twice, naming both panels', () => {
    const define = () =>
      defineDashboard({
        source,
        folderUid: 'f',
        dashboard: new DashboardBuilder('Ops')
          .uid('d')
          .withPanel(keyedPanel('lag', timeseries('Lag', ['up'])))
          .withPanel(keyedPanel('lag', timeseries('Lag again', ['up']))),
      });
    expect(define).toThrow(/panel "Lag" \(key "lag"\) and panel "Lag again" \(key "lag"\) have the same panel id .*key is used twice/);
  });

  it('rejects two different keys whose ids collide, naming both keys', () => {
    // A real colliding pair (31-bit ids collide by the birthday bound after ~2^16 keys; found by searching k0, k1, ...).
    const [first, second] = ['k17421', 'k137735'];
    expect(panelIdFromKey(first)).toBe(panelIdFromKey(second));
    const define = () =>
      defineDashboard({
        source,
        folderUid: 'f',
        dashboard: new DashboardBuilder('Ops')
          .uid('d')
          .withPanel(keyedPanel(first, timeseries('One', ['up'])))
          .withPanel(keyedPanel(second, timeseries('Two', ['up']))),
      });
    expect(define).toThrow(new RegExp(`panel "One" \\(key "${first}"\\) and panel "Two" \\(key "${second}"\\).*hash alike`));
  });
});
