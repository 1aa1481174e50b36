/**
 * Benchmark (not a test): time to normalise and diff a pair of 500-panel dashboards, median of N runs.
 * The after side has ~5% of panels edited (queries, thresholds, moves, retitles), one panel added and one removed,
 * as a large real change would. Run: `npm run bench:diff` (N = BENCH_RUNS, default 21).
 */
import { compareDashboards } from '../src/diff/index.js';
import { normaliseDashboard } from '../src/normalise/index.js';

const PANELS = 500;
const RUNS = Number(process.env.BENCH_RUNS ?? 21);

function dashboard(): Record<string, unknown> {
  const rows = 20;
  const perRow = PANELS / rows;
  const panels: unknown[] = [];
  let y = 0;
  for (let r = 0; r < rows; r++) {
    panels.push({ id: 100_000 + r, type: 'row', title: `Row ${r}`, collapsed: false, gridPos: { x: 0, y, w: 24, h: 1 }, panels: [] });
    y += 1;
    for (let i = 0; i < perRow; i++) {
      const id = r * perRow + i + 1;
      panels.push({
        id, type: i % 3 === 0 ? 'stat' : 'timeseries', title: `Panel ${id}`, pluginVersion: '12.1.0',
        gridPos: { x: (i % 4) * 6, y: y + Math.floor(i / 4) * 8, w: 6, h: 8 },
        datasource: { type: 'prometheus', uid: '${datasource}' },
        targets: [
          { refId: 'A', expr: `sum by (service) (rate(k2_metric_${id}_total{environment=~"$environment"}[$__rate_interval]))`, legendFormat: '{{service}}' },
          { refId: 'B', expr: `max(k2_gauge_${id}{environment=~"$environment"})`, legendFormat: 'max' },
        ],
        fieldConfig: {
          defaults: {
            unit: 'short', min: 0,
            thresholds: { mode: 'absolute', steps: [{ value: null, color: 'green' }, { value: 100_000, color: 'orange' }, { value: 1_000_000, color: 'red' }] },
            mappings: [{ type: 'value', options: { 0: { text: 'NORMAL', color: 'green' }, 4: { text: 'CRITICAL', color: 'red' } } }],
            custom: { lineWidth: 1, fillOpacity: 10, drawStyle: 'line' },
          },
          overrides: [{ matcher: { id: 'byName', options: 'max' }, properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: 'red' } }] }],
        },
        options: { legend: { showLegend: true, displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi', sort: 'none' } },
      });
    }
    y += Math.ceil(perRow / 4) * 8;
  }
  return {
    uid: 'bench', title: 'Bench', schemaVersion: 42, tags: ['bench'], refresh: '5s',
    templating: { list: [{ name: 'environment', type: 'custom', query: 'dev,prod' }, { name: 'datasource', type: 'datasource', query: 'prometheus' }] },
    annotations: { list: [] },
    panels,
  };
}

function edited(before: Record<string, unknown>): Record<string, unknown> {
  const after = structuredClone(before) as { panels: Array<Record<string, any>> };
  const leaves = after.panels.filter((p) => p.type !== 'row');
  leaves.forEach((p, i) => {
    if (i % 20 === 0) p.targets[0].expr = p.targets[0].expr.replace('$__rate_interval', '5m');
    if (i % 20 === 5) p.fieldConfig.defaults.thresholds.steps[1].value = 200_000;
    if (i % 20 === 10) p.title = `${p.title} (renamed)`;
  });
  const removed = after.panels.findIndex((p) => p.id === 250);
  after.panels.splice(removed, 1);
  after.panels.push({ id: 9999, type: 'text', title: 'Added', gridPos: { x: 0, y: 10_000, w: 24, h: 4 }, options: { content: 'new' } });
  return after;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const before = dashboard();
const after = edited(before);
const size = JSON.stringify(before).length;
// Warm-up: JIT and lazy module work out of the measured runs.
for (let i = 0; i < 3; i++) compareDashboards(before, after);

const normaliseMs: number[] = [];
const totalMs: number[] = [];
let changes = 0;
for (let i = 0; i < RUNS; i++) {
  let t = performance.now();
  normaliseDashboard(before);
  normaliseDashboard(after);
  normaliseMs.push(performance.now() - t);
  t = performance.now();
  changes = compareDashboards(before, after).changes.length;
  totalMs.push(performance.now() - t);
}
console.log(`bench:diff: ${PANELS}-panel dashboard pair (${(size / 1024).toFixed(0)} KiB each), ${changes} changes, ${RUNS} runs`);
console.log(`  normalise both sides: median ${median(normaliseMs).toFixed(1)} ms (min ${Math.min(...normaliseMs).toFixed(1)}, max ${Math.max(...normaliseMs).toFixed(1)})`);
console.log(`  normalise + diff:     median ${median(totalMs).toFixed(1)} ms (min ${Math.min(...totalMs).toFixed(1)}, max ${Math.max(...totalMs).toFixed(1)})`);
