import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { describe, expect, it } from 'vitest';
import { defineDashboard, raw, savedPanel, withRaw } from '../../src/definitions/index.js';

const panel = (id: number, refId: string, uid: string) =>
  new TimeseriesBuilder().id(id).title(`Panel ${id}`).datasource({ type: 'prometheus', uid }).withTarget(new DataqueryBuilder().expr('up').refId(refId).datasource({ type: 'prometheus', uid }));

describe("defineDashboard({ keep: 'as-is' }): what an import keeps", () => {
  it('keeps ids (duplicates too), refIds, datasources and the panel order; drops only the server-owned fields', () => {
    const definition = defineDashboard({
      source: 'imported/x.ts',
      folderUid: 'f',
      keep: 'as-is',
      dashboard: withRaw(new DashboardBuilder('X').uid('x'), { id: 12, version: 3 }),
      panels: [panel(4, 'Q1', 'prom-a'), panel(4, 'B', 'prom-b')],
    });
    const panels = definition.dashboard.panels as Array<{ id: number; datasource: { uid: string }; targets: Array<{ refId: string; datasource: { uid: string } }> }>;
    expect(panels.map((p) => [p.id, p.datasource.uid, p.targets[0]!.refId, p.targets[0]!.datasource.uid])).toEqual([[4, 'prom-a', 'Q1', 'prom-a'], [4, 'prom-b', 'B', 'prom-b']]);
    expect(definition.dashboard.id).toBeUndefined();
    expect(definition.dashboard.version).toBeUndefined();
  });

  it('without keep, the same panels are refused: the helpers assign ids from keys and refuse duplicates', () => {
    expect(() => defineDashboard({ source: 'x.ts', folderUid: 'f', dashboard: new DashboardBuilder('X').uid('x').withPanel(panel(4, 'Q1', 'a')).withPanel(panel(4, 'B', 'b')) })).toThrow(/same panel id 4/);
  });
});

describe('withRaw / raw: the escape hatch', () => {
  it('drops the paths named, then merges objects key by key and replaces anything else', () => {
    const built = withRaw(new TimeseriesBuilder().title('T').unit('s'), { options: { legend: { showLegend: false } }, fieldConfig: { defaults: { custom: [1, 2] } }, yaxes: [{ format: 'short' }] }, { drop: ['transparent', 'fieldConfig.defaults.unit', 'no.such.path'] }).build() as unknown as Record<string, any>;
    expect(built.transparent).toBeUndefined();
    expect(built.fieldConfig.defaults.unit).toBeUndefined();
    expect(built.fieldConfig.defaults.custom).toEqual([1, 2]);
    expect(built.options.legend.showLegend).toBe(false);
    // The rest of the builder's legend stays (merged, not replaced).
    expect(built.options.legend.displayMode).toBeDefined();
    expect(built.yaxes).toEqual([{ format: 'short' }]);
    expect(built.title).toBe('T');
  });

  it('raw(fields) builds a copy: two builds never share objects', () => {
    const query = raw<{ refId: string }>({ refId: 'A', rawSql: 'SELECT 1', nested: { a: 1 } });
    const one = query.build() as unknown as Record<string, any>;
    one.nested.a = 2;
    expect((query.build() as unknown as Record<string, any>).nested.a).toBe(1);
  });
});

describe('savedPanel: a panel as Grafana saves it', () => {
  it("leaves out the SDK's transparent: false, and repeatDirection unless the panel repeats", () => {
    const plain = savedPanel(new TimeseriesBuilder().title('T')).build() as unknown as Record<string, unknown>;
    expect('transparent' in plain || 'repeatDirection' in plain).toBe(false);
    const repeated = savedPanel(new TimeseriesBuilder().title('T').repeat('instance').transparent(true)).build() as unknown as Record<string, unknown>;
    expect([repeated.transparent, repeated.repeatDirection]).toEqual([true, 'h']);
  });
});
