import { describe, expect, it } from 'vitest';
import { compareDashboards, diffDashboards } from '../../src/diff/index.js';

function panel(id: number, title: string, x: number, y: number, expr = `sum(m${id})`) {
  return { id, type: 'timeseries', title, gridPos: { x, y, w: 12, h: 8 }, targets: [{ refId: 'A', expr }] };
}
function dashboard(panels: unknown[], extra: Record<string, unknown> = {}) {
  return { uid: 'd', title: 'D', schemaVersion: 42, panels, templating: { list: [] }, annotations: { list: [] }, ...extra };
}

describe('diffDashboards', () => {
  const base = dashboard([panel(1, 'Lag', 0, 0), panel(2, 'Level', 12, 0), panel(3, 'Shed', 0, 8)]);

  it('returns no changes for the same dashboard in another key order, with server fields', () => {
    const same = JSON.parse(JSON.stringify({ ...base, id: 9, version: 4 }));
    same.panels.reverse();
    expect(diffDashboards(base, same)).toEqual([]);
  });

  it('names a moved panel, a changed query with before and after, and a changed threshold', () => {
    const after = structuredClone(base) as any;
    after.panels[1].gridPos = { x: 12, y: 8, w: 12, h: 8 };
    after.panels[0].targets[0].expr = 'sum(rate(m1[5m]))';
    after.panels[2].fieldConfig = { defaults: { thresholds: { mode: 'absolute', steps: [{ value: null, color: 'green' }, { value: 5, color: 'red' }] } } };
    const changes = diffDashboards(base, after);
    expect(changes.map((c) => [c.kind, c.panel?.title])).toEqual([
      ['query-changed', 'Lag'],
      ['field-config-changed', 'Shed'],
      ['panel-moved', 'Level'],
    ]);
    const query = changes[0]!;
    expect(query).toMatchObject({ ref: 'A', before: 'sum(m1)', after: 'sum(rate(m1[5m]))', path: 'panels[id=1].targets[refId=A].expr' });
    expect(changes[1]!.summary).toContain('5 red');
  });

  it('matches panels by title when ids were re-assigned and reports each once as re-keyed', () => {
    const after = dashboard([panel(11, 'Lag', 0, 0, 'sum(m1)'), panel(12, 'Level', 12, 0, 'sum(m2)'), panel(13, 'Shed', 0, 8, 'sum(x)')]);
    const changes = diffDashboards(base, after);
    expect(changes.filter((c) => c.kind === 'panel-rekeyed').map((c) => c.panel?.title)).toEqual(['Lag', 'Level', 'Shed']);
    expect(changes.filter((c) => c.kind !== 'panel-rekeyed').map((c) => [c.kind, c.panel?.title, c.after])).toEqual([
      ['query-changed', 'Shed', 'sum(x)'],
    ]);
  });

  it('reports added and removed panels, retitles and type changes, and pairs statuses for pictures', () => {
    const after = structuredClone(base) as any;
    after.panels.splice(2, 1);
    after.panels.push(panel(4, 'New', 12, 8));
    after.panels[0].title = 'Consumer lag';
    after.panels[1].type = 'stat';
    const result = compareDashboards(base, after);
    expect(result.changes.map((c) => c.kind).sort()).toEqual(['panel-added', 'panel-removed', 'panel-retitled', 'panel-type-changed']);
    expect(Object.fromEntries(result.panels.map((p) => [(p.after ?? p.before)!.key, p.status]))).toEqual({ 1: 'changed', 2: 'changed', 4: 'added', 3: 'removed' });
  });

  it('lists variable, annotation and setting changes by name', () => {
    const before = dashboard([], { refresh: '5s', templating: { list: [{ name: 'env', type: 'custom', query: 'dev,prod' }] } });
    const after = dashboard([], {
      refresh: '10s', tags: ['k2'],
      templating: { list: [{ name: 'env', type: 'custom', query: 'dev,prod,staging' }, { name: 'svc', type: 'textbox', query: '' }] },
      annotations: { list: [{ name: 'Simulated failures', enable: true, datasource: { uid: 'grafana' } }] },
    });
    expect(diffDashboards(before, after).map((c) => [c.kind, c.ref])).toEqual([
      ['setting-changed', 'refresh'],
      ['setting-changed', 'tags'],
      ['variable-changed', 'env'],
      ['variable-added', 'svc'],
      ['annotation-added', 'Simulated failures'],
    ]);
  });
});

describe('issue 14: an unmoved panel is not reported "moved from x=0 y=1 to x=0 y=1"', () => {
  it('a panel whose row was renamed, at the same place, moved only from one row to the other', () => {
    const d = (rowTitle: string) => ({ uid: 'd', title: 'D', panels: [
      { id: 1, type: 'row', title: rowTitle, gridPos: { x: 0, y: 0, w: 24, h: 1 }, collapsed: false, panels: [] },
      { id: 2, type: 'timeseries', title: 'P', gridPos: { x: 0, y: 1, w: 12, h: 8 } },
    ] });
    const summaries = diffDashboards(d('A'), d('B')).map((c) => c.summary);
    expect(summaries).toContain('panel "P" (row "B") moved from row "A" to row "B"');
    expect(summaries.join('\n')).not.toMatch(/x=0 y=1 to x=0 y=1/);
  });
});
