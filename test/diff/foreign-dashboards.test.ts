import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareDashboards, diffDashboards, flattenPanels } from '../../src/diff/index.js';
import { normaliseDashboard } from '../../src/normalise/index.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/dashboards/${name}`, import.meta.url), 'utf8'));

function flatTitles(name: string) {
  return flattenPanels(normaliseDashboard(fixture(name))).map((p) => [p.key, p.title, p.row ?? null, p.inCollapsedRow]);
}

describe('foreign dashboards', () => {
  it('converts the legacy rows[] layout (schemaVersion 14) to grid panels, open and collapsed rows', () => {
    const n = normaliseDashboard(fixture('legacy-rows-v14.json'));
    expect(n).not.toHaveProperty('rows');
    expect(flatTitles('legacy-rows-v14.json')).toEqual([
      ['5', 'Overview', null, false],
      ['1', 'Total lag', 'Overview', false],
      ['2', 'Lag per partition', 'Overview', false],
      ['6', 'Details', null, false],
      ['3', 'Consumed per second', 'Details', true],
      ['4', 'Partitions', 'Details', true],
    ]);
    const panels = flattenPanels(n);
    // span 4 of 12 -> w 8 of 24; "250px" -> ceil(250 / 38) = 7 grid rows.
    expect(panels[1]!.gridPos).toEqual({ x: 0, y: 1, w: 8, h: 7 });
    expect(panels[2]!.gridPos).toEqual({ x: 8, y: 1, w: 16, h: 7 });
    // String datasources become refs; "-- Mixed --" maps to its uid; null (default) is dropped.
    const partitions = panels[5]!.panel;
    expect(partitions.datasource).toEqual({ uid: '-- Mixed --' });
    expect(partitions.targets).toEqual([
      { refId: 'A', expr: 'kafka_topic_partitions', datasource: { uid: 'Prometheus' } },
      { refId: 'B', expr: 'kafka_topic_partition_current_offset', datasource: { uid: 'Thanos' } },
    ]);
    expect(panels[4]!.panel).not.toHaveProperty('datasource');
  });

  it('reduces library panels to their reference and keeps ordinary panels', () => {
    const panels = flattenPanels(normaliseDashboard(fixture('library-panels.json')));
    expect(panels.map((p) => p.panel)).toEqual([
      { gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, libraryPanel: { name: 'Shared lag panel', uid: 'lib-lag' }, title: 'Shared lag panel' },
      { gridPos: { h: 8, w: 12, x: 12, y: 0 }, id: 2, libraryPanel: { name: 'Shared throughput', uid: 'lib-tput' }, title: 'Shared throughput' },
      { gridPos: { h: 4, w: 24, x: 0, y: 8 }, id: 3, options: { content: 'Lag – read me', mode: 'markdown' }, title: 'Notes', type: 'text' },
    ]);
    // Editing the library panel's model in the library is not a change to this dashboard.
    const edited = fixture('library-panels.json') as any;
    edited.panels[1].libraryPanel.model.targets[0].expr = 'sum(rate(y[5m]))';
    edited.panels[1].targets[0].expr = 'sum(rate(y[5m]))';
    expect(diffDashboards(fixture('library-panels.json'), edited)).toEqual([]);
  });

  it('drops repeat clones (panels and rows, in collapsed rows too) and keeps the repeat sources', () => {
    expect(flatTitles('repeats.json')).toEqual([
      ['10', 'Instance $instance', null, false],
      ['2', 'Up ($instance)', 'Instance $instance', false],
      ['20', 'Collapsed', null, false],
      ['21', 'CPU ($instance)', 'Collapsed', true],
    ]);
    const source = flattenPanels(normaliseDashboard(fixture('repeats.json')))[1]!.panel;
    expect(source).not.toHaveProperty('scopedVars');
    expect(source.repeat).toBe('instance');
    // The same dashboard as a newer Grafana saves it (no clones) is unchanged.
    const saved = fixture('repeats.json') as any;
    saved.panels = saved.panels.filter((p: any) => p.repeatPanelId === undefined);
    saved.panels[2].panels = saved.panels[2].panels.filter((p: any) => p.repeatPanelId === undefined);
    expect(diffDashboards(fixture('repeats.json'), saved)).toEqual([]);
  });

  it('normalises mixed datasources, string datasources and $var spellings', () => {
    const panels = flattenPanels(normaliseDashboard(fixture('mixed-datasources.json')));
    const mixed = panels.find((p) => p.title === 'Mixed')!.panel;
    expect(mixed.datasource).toEqual({ uid: '-- Mixed --' });
    expect(mixed.targets).toEqual([
      { refId: 'A', datasource: { uid: '${ds}' }, expr: 'sum(a)' },
      { refId: 'B', datasource: { uid: 'loki-1' }, expr: 'count_over_time({app="k2"}[1m])' },
    ]);
    expect(panels.find((p) => p.title === 'Inside')).toMatchObject({ row: 'Closed row', inCollapsedRow: true, panel: { datasource: { uid: 'Prometheus' } } });
    expect(panels.find((p) => p.title === 'Default source')!.panel).not.toHaveProperty('datasource');
  });

  it('handles many panels: 600 panels in 20 collapsed rows, one edit gives one change', () => {
    const rows = Array.from({ length: 20 }, (_, r) => ({
      id: 10_000 + r, type: 'row', title: `Row ${r}`, collapsed: true, gridPos: { x: 0, y: r, w: 24, h: 1 },
      panels: Array.from({ length: 30 }, (_, i) => ({
        id: r * 100 + i + 1, type: 'timeseries', title: `Panel ${r}.${i}`, gridPos: { x: (i % 3) * 8, y: r + 1 + Math.floor(i / 3) * 8, w: 8, h: 8 },
        targets: [{ refId: 'A', expr: `sum(m_${r}_${i})` }],
      })),
    }));
    const before = { uid: 'big', title: 'Big', schemaVersion: 42, panels: rows };
    const after = structuredClone(before);
    after.panels[7]!.panels[13]!.targets[0]!.expr = 'sum(changed)';
    expect(flattenPanels(normaliseDashboard(before))).toHaveLength(620);
    expect(diffDashboards(before, after).map((c) => [c.kind, c.panel?.title, c.before, c.after])).toEqual([
      ['query-changed', 'Panel 7.13', 'sum(m_7_13)', 'sum(changed)'],
    ]);
  });

  it('summarises a newer-Grafana re-save as one migration line and still lists the two real query edits', () => {
    const result = compareDashboards(fixture('resave-v39.json'), fixture('resave-v42.json'));
    expect(result.changes.map((c) => [c.kind, c.panel?.title ?? null, c.ref ?? null])).toEqual([
      ['migrated', null, null],
      ['query-changed', 'Consumer lag', 'A'],
      ['query-changed', 'Messages shed', 'B'],
    ]);
    const [migrated, lag, shed] = result.changes;
    expect(migrated!.summary).toMatch(/^migrated by a newer Grafana: schemaVersion 39 -> 42, \d+ defaults$/);
    expect(result.migration!.defaults).toBeGreaterThan(10);
    expect(lag).toMatchObject({ before: 'sum(k2_kafka_consumer_lag_messages)', after: 'sum by (topic) (k2_kafka_consumer_lag_messages)' });
    expect(shed).toMatchObject({ before: 'sum(rate(k2_kafka_messages_consumed_total[1m]))', after: 'sum(rate(k2_kafka_messages_consumed_total[5m]))' });
    expect(result.panels.map((p) => p.status)).toEqual(['changed', 'unchanged', 'changed']);
  });

  it('a Grafana 12.2.1 re-save (v39 -> v42) folds into one "migrated" line; the real PromQL and threshold edits all show', () => {
    // See test/fixtures/dashboards/README.md for where each migrated difference comes from.
    const result = compareDashboards(fixture('resave-12.2-v39.json'), fixture('resave-12.2-v42.json'));
    expect(result.changes.map((c) => [c.kind, c.panel?.title ?? null])).toEqual([
      ['migrated', null],
      ['query-changed', 'Messages in'],
      ['field-config-changed', 'Bytes in'],
      ['query-changed', 'Bytes in'],
      ['field-config-changed', 'Consumer lag'],
      ['query-changed', 'Consumer lag'],
    ]);
    expect(result.changes[0]!.summary).toMatch(/^migrated by a newer Grafana: schemaVersion 39 -> 42, \d+ defaults$/);
    const thresholds = result.changes.filter((c) => c.kind === 'field-config-changed').map((c) => c.summary);
    expect(thresholds).toEqual([
      'panel "Bytes in" (row "Brokers") thresholds changed: [base green, 500000 orange, 1000000 red] -> [base green, 750000 orange, 1000000 red]',
      'panel "Consumer lag" (row "Topics") thresholds changed: [base green, 80 red] -> [base green, 80 red, 1000 dark-red]',
    ]);
    const byTitle = new Map(result.panels.map((p) => [p.after!.title, p.status]));
    expect([...byTitle]).toEqual([
      ['Brokers', 'unchanged'], ['Messages in', 'changed'], ['Bytes in', 'changed'], ['Offline partitions', 'unchanged'],
      ['Topics', 'unchanged'], ['Consumer lag', 'changed'], ['Partitions', 'unchanged'], ['Under-replicated', 'unchanged'],
    ]);
  });

  it('a changed option value inside a migration is still listed (only added defaults fold away)', () => {
    const after = fixture('resave-v42.json') as any;
    after.panels[1].options.colorMode = 'value';
    const kinds = diffDashboards(fixture('resave-v39.json'), after).map((c) => [c.kind, c.path]);
    expect(kinds).toContainEqual(['panel-options-changed', 'panels[id=2].options.colorMode']);
  });

  it('treats text that differs only in encoding (\\u2013 escapes vs literal, NFD vs NFC) as no change', () => {
    const escaped = readFileSync(new URL('../fixtures/dashboards/encoding-escaped.json', import.meta.url), 'utf8');
    const literal = readFileSync(new URL('../fixtures/dashboards/encoding-literal.json', import.meta.url), 'utf8');
    expect(escaped).toContain('\\u2013');
    expect(literal).toContain('–');
    expect(diffDashboards(JSON.parse(escaped), JSON.parse(literal))).toEqual([]);
  });

  it('an API envelope or an "export for sharing" wrapper of the same dashboard is no change', () => {
    const bare = fixture('resave-v42.json') as Record<string, unknown>;
    const exported = {
      __inputs: [{ name: 'DS_PROMETHEUS', label: 'Prometheus', type: 'datasource', pluginId: 'prometheus' }],
      __requires: [{ type: 'grafana', id: 'grafana', name: 'Grafana', version: '12.1.0' }],
      __elements: {},
      ...bare,
    };
    const envelope = { dashboard: { ...bare, id: 99, version: 40 }, meta: { type: 'db', folderUid: 'k2', version: 40 } };
    expect(diffDashboards(exported, bare)).toEqual([]);
    expect(diffDashboards(envelope, bare)).toEqual([]);
  });

  it('a UI save that stamps pluginVersion still lists what the user added (description, unit, threshold), folding only defaults', () => {
    const generated = { uid: 'g', title: 'G', schemaVersion: 42, panels: [
      { id: 1, type: 'timeseries', title: 'Lag', gridPos: { x: 0, y: 0, w: 12, h: 8 }, targets: [{ refId: 'A', expr: 'sum(lag)' }] },
    ] };
    const saved = structuredClone(generated) as any;
    Object.assign(saved.panels[0], {
      pluginVersion: '12.3.1', description: 'Messages behind',
      options: { legend: { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] }, tooltip: { mode: 'single', sort: 'none', hideZeros: false } },
      fieldConfig: { defaults: { unit: 'short', color: { mode: 'palette-classic' }, custom: { lineWidth: 1, fillOpacity: 0 },
        thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: 500000 }] } }, overrides: [] },
    });
    saved.panels[0].targets[0].range = true;
    const changes = diffDashboards(generated, saved);
    expect(changes.map((c) => [c.kind, c.path])).toEqual([
      ['migrated', 'schemaVersion'],
      ['panel-changed', 'panels[id=1].description'],
      ['field-config-changed', 'panels[id=1].fieldConfig.defaults.thresholds'],
      ['field-config-changed', 'panels[id=1].fieldConfig.defaults.unit'],
    ]);
    expect(changes[0]!.summary).toMatch(/^migrated by a newer Grafana: panel plugin versions changed, \d+ defaults$/);
  });
});
