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

describe('dashboards made by others: duplicate ids, untitled library panels, same titles, query lists', () => {
  const row = (id: number, title: string, y: number) => ({ id, type: 'row', title, gridPos: { x: 0, y, w: 24, h: 1 } });
  const p = (id: number, title: string, x: number, y: number, expr = `sum(${title.toLowerCase().replace(/\W+/g, '_')})`) =>
    ({ id, type: 'timeseries', title, gridPos: { x, y, w: 12, h: 8 }, targets: [{ refId: 'A', expr }] });
  const internalKey = /\b\d+#\d+\b/;

  it('deleting one of two rows that share panel ids removes that row\'s panels, pairs the rest by row and title', () => {
    // A mixin dashboard: rows "Read" and "Write" carry panels with the same ids 78 and 79.
    const before = dashboard([
      row(10, 'Read', 0), p(78, 'Latency', 0, 1, 'read_latency'), p(79, 'Errors', 12, 1, 'read_errors'),
      row(11, 'Write', 9), p(78, 'Latency', 0, 10, 'write_latency'), p(79, 'Errors', 12, 10, 'write_errors'),
    ]);
    const after = dashboard([row(11, 'Write', 0), p(78, 'Latency', 0, 1, 'write_latency'), p(79, 'Errors', 12, 1, 'write_errors')]);
    const result = compareDashboards(before, after);
    const lines = result.changes.map((c) => c.summary);
    expect(lines.join('\n')).not.toMatch(internalKey);
    expect(result.changes.filter((c) => c.kind.startsWith('query'))).toEqual([]);
    expect(lines).toContain('row "Read" removed');
    expect(lines).toContain('panel "Latency" (row "Read") removed (timeseries)');
    expect(lines).toContain('panel "Errors" (row "Read") removed (timeseries)');
    const paired = result.panels.filter((m) => m.before && m.after).map((m) => [m.after!.title, m.after!.row ?? null, m.before!.row ?? null]);
    expect(paired).toEqual([['Write', null, null], ['Latency', 'Write', 'Write'], ['Errors', 'Write', 'Write']]);
  });

  it('colliding ids with a retitled panel pair by place within the row; the path shows the Grafana id only', () => {
    const before = dashboard([row(1, 'A', 0), p(5, 'CPU', 0, 1), row(2, 'B', 9), p(5, 'CPU', 0, 10)]);
    const after = dashboard([row(1, 'A', 0), p(5, 'CPU', 0, 1), row(2, 'B', 9), p(5, 'CPU usage', 0, 10, 'sum(cpu)')]);
    const changes = diffDashboards(before, after);
    expect(changes.map((c) => [c.kind, c.path, c.summary])).toEqual([
      ['panel-retitled', 'panels[id=5].title', 'panel "CPU" retitled to "CPU usage"'],
    ]);
    // Without a collision, ids still pair first (DESIGN's "match by key"): a retitle at a new place is one panel.
    const plain = diffDashboards(dashboard([p(5, 'CPU', 0, 0)]), dashboard([p(5, 'CPU usage', 12, 0, 'sum(cpu)')]));
    expect(plain.map((c) => c.kind)).toEqual(['panel-retitled', 'panel-moved']);
  });

  it('a library panel with no title (and no name) is named by id and library uid; an untitled panel by id', () => {
    const lib = { id: 7, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lib-cpu' } };
    const plainUntitled = { id: 8, type: 'stat', title: '', gridPos: { x: 12, y: 0, w: 12, h: 8 } };
    const added = diffDashboards(dashboard([]), dashboard([lib, plainUntitled])).map((c) => c.summary);
    expect(added).toEqual([
      'library panel (id 7, library uid lib-cpu) added (library-panel) at x=0 y=0 w=12 h=8',
      'panel (id 8) added (stat) at x=12 y=0 w=12 h=8',
    ]);
    expect(added.join('\n')).not.toContain('""');
  });

  it('same-titled panels get their id; differently titled ones and panels told apart by their row do not', () => {
    const before = dashboard([p(1, 'Lag', 0, 0, 'a'), p(2, 'Lag', 12, 0, 'b'), p(3, 'Rate', 0, 8, 'c')]);
    const after = dashboard([p(1, 'Lag', 0, 0, 'a2'), p(2, 'Lag', 12, 0, 'b2'), p(3, 'Rate', 0, 8, 'c2')]);
    expect(diffDashboards(before, after).map((c) => c.summary)).toEqual([
      'panel "Lag" (id 1) query A expr changed',
      'panel "Lag" (id 2) query A expr changed',
      'panel "Rate" query A expr changed',
    ]);
    // The name travels with the change (the folded "N panels shifted" line of reports uses it).
    expect(diffDashboards(before, after).map((c) => c.panel?.label)).toEqual(['panel "Lag" (id 1)', 'panel "Lag" (id 2)', 'panel "Rate"']);
    const rows = dashboard([row(10, 'R1', 0), p(1, 'Lag', 0, 1, 'a'), row(11, 'R2', 9), p(2, 'Lag', 0, 10, 'b')]);
    const rowsAfter = dashboard([row(10, 'R1', 0), p(1, 'Lag', 0, 1, 'a2'), row(11, 'R2', 9), p(2, 'Lag', 0, 10, 'b')]);
    expect(diffDashboards(rows, rowsAfter).map((c) => c.summary)).toEqual(['panel "Lag" (row "R1") query A expr changed']);
  });

  it('a removed or added query list reads "query A removed", one line per query, never the JSON', () => {
    const bare = { id: 1, type: 'text', title: 'Notes', gridPos: { x: 0, y: 0, w: 12, h: 8 } };
    const removed = diffDashboards(dashboard([{ ...bare, targets: [{ refId: 'A' }, { refId: 'B', expr: 'up' }] }]), dashboard([bare]));
    expect(removed.map((c) => [c.kind, c.ref, c.summary])).toEqual([
      ['query-removed', 'A', 'panel "Notes" query A removed'],
      ['query-removed', 'B', 'panel "Notes" query B removed: "up"'],
    ]);
    const added = diffDashboards(dashboard([bare]), dashboard([{ ...bare, targets: [{ refId: 'A' }] }]));
    expect(added.map((c) => c.summary)).toEqual(['panel "Notes" query A added']);
    expect([...removed, ...added].map((c) => c.summary).join('\n')).not.toContain('refId');
  });
});
