/**
 * Benchmark (not a test): time to import and round-trip-check dashboards, in-process, median of N rounds (module
 * loading and the first round, which warms the SDK catalog and prettier, are excluded). Two workloads:
 *  - one 125-panel dashboard, made by concatenating the panels of the public fixtures (../shared/fixtures) in a fixed
 *    order and laying them out on the grid (target: under 2 s);
 *  - a folder of 30 dashboards (the 12 public fixtures, then copies of them under other uids).
 * Each round makes the code, formats it with prettier, bundles and runs it, and compares it with the originals.
 * Run: `npm run bench:import` (N = BENCH_RUNS, default 7).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importDashboards, type DashboardInput } from '../src/import/dashboard/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const fixtures = join(import.meta.dirname, '../../shared/fixtures/dashboards');
const files = readdirSync(fixtures).filter((f) => f.endsWith('.json')).sort();
const dashboards = files.map((f) => JSON.parse(readFileSync(join(fixtures, f), 'utf8')) as Record<string, unknown>);

/** Non-row panels of a dashboard, those inside collapsed rows included (legacy rows[] left out). */
function panelsOf(d: Record<string, unknown>): Record<string, unknown>[] {
  const top = Array.isArray(d.panels) ? (d.panels as Record<string, unknown>[]) : [];
  return top.flatMap((p) => (p.type === 'row' ? ((p.panels as Record<string, unknown>[] | undefined) ?? []) : [p]));
}

function bigDashboard(size: number): Record<string, unknown> {
  const pool = dashboards.flatMap(panelsOf);
  const panels = Array.from({ length: size }, (_, i) => {
    const panel = structuredClone(pool[i % pool.length]!);
    return { ...panel, id: i + 1, gridPos: { h: 8, w: 6, x: (i % 4) * 6, y: Math.floor(i / 4) * 8 } };
  });
  return { title: `Bench ${size} panels`, uid: `bench-${size}`, schemaVersion: 39, panels, templating: { list: [] } };
}

function folder(count: number): DashboardInput[] {
  return Array.from({ length: count }, (_, i) => {
    const base = structuredClone(dashboards[i % dashboards.length]!);
    return { origin: `bench/${i}.json`, dashboard: { ...base, uid: `bench-${i}`, title: `${String(base.title)} ${i}` } as DashboardInput['dashboard'] };
  });
}

async function measure(name: string, inputs: DashboardInput[]): Promise<number> {
  const panels = inputs.reduce((n, i) => n + panelsOf(i.dashboard as Record<string, unknown>).length, 0);
  const round = async () => {
    const start = performance.now();
    const result = await importDashboards(inputs, { importedDir: 'bench/imported' });
    const ms = performance.now() - start;
    const inexact = result.objects.filter((o) => o.inexact.length > 0).length;
    if (inexact > 0) throw new Error(`${name}: ${inexact} dashboard(s) did not round-trip`);
    return { ms, files: result.files.length };
  };
  const warm = await round();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push((await round()).ms);
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(`${name.padEnd(34)} ${String(inputs.length).padStart(3)} dashboard(s) ${String(panels).padStart(5)} panels ${String(warm.files).padStart(5)} files   median ${median.toFixed(0).padStart(6)} ms   min ${times[0]!.toFixed(0)} ms   max ${times[times.length - 1]!.toFixed(0)} ms   (first round ${warm.ms.toFixed(0)} ms)`);
  return median;
}

console.log(`import + round-trip check, in-process, ${RUNS} rounds after one warm-up`);
const big = await measure('one 125-panel dashboard', [{ origin: 'bench/125.json', dashboard: bigDashboard(125) as DashboardInput['dashboard'] }]);
await measure('a folder of 30 dashboards', folder(30));
console.log(`125-panel dashboard: ${(big / 1000).toFixed(2)} s (target < 2 s: ${big < 2000 ? 'met' : 'NOT met'})`);
