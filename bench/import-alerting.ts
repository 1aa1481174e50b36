/**
 * How long importing alerting takes, round-trip check included (src/import/alerting: generate code, format it with
 * prettier, run it in-process, generate, parse and normalise every object), measured in-process after a warm-up so
 * process start and module loading are excluded. Prints measured figures only, and where the time goes.
 * Run: npx tsx bench/import-alerting.ts [iterations]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importAlerting, parseAlertingFile, type AlertingInput } from '../src/import/alerting/index.js';

const iterations = Number(process.argv[2] ?? 10);
const root = join(import.meta.dirname, '..');

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time(label: string, inputs: AlertingInput[]): Promise<number> {
  await importAlerting(inputs, { outDir: 'imported/alerting' }); // warm-up
  const samples: number[] = [];
  let objects = 0;
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    const result = await importAlerting(inputs, { outDir: 'imported/alerting' });
    samples.push(performance.now() - start);
    objects = result.objects.length;
    if (result.refused.length > 0 || result.objects.some((o) => o.inexact.length > 0)) throw new Error(`${label}: not exact`);
  }
  const m = median(samples);
  console.log(`${label.padEnd(46)} median ${m.toFixed(0).padStart(5)} ms  min ${Math.min(...samples).toFixed(0).padStart(5)} ms  ${objects} objects  (n=${iterations})`);
  return m;
}

const files = (dir: string) => readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f) && !/broken|not-alerting|prometheus/.test(f)).map((f) => join(dir, f));
const inputsOf = (paths: string[]) => paths.flatMap((p) => parseAlertingFile(p, readFileSync(p, 'utf8')).inputs);

/** A synthetic group of n rules in K2's compiled shape (query A, reduce B, threshold C). */
function syntheticGroup(groups: number, rulesPerGroup: number): AlertingInput {
  const rule = (g: number, r: number) => ({
    uid: `bench-${g}-${r}`, title: `Bench rule ${g}.${r}`, condition: 'C', noDataState: 'NoData', execErrState: 'Error', for: '5m',
    labels: { team: 'bench', severity: r % 2 ? 'warning' : 'critical' }, annotations: { summary: `rule ${r} of group ${g}` },
    data: [
      { refId: 'A', relativeTimeRange: { from: 600, to: 0 }, datasourceUid: 'prom', model: { datasource: { type: 'prometheus', uid: 'prom' }, expr: `sum(rate(http_requests_total{shard="${r}"}[5m]))`, instant: true, range: false, refId: 'A' } },
      { refId: 'B', datasourceUid: '__expr__', model: { datasource: { type: '__expr__', uid: '__expr__' }, expression: 'A', reducer: 'last', refId: 'B', type: 'reduce' } },
      { refId: 'C', datasourceUid: '__expr__', model: { conditions: [{ evaluator: { params: [r], type: 'gt' } }], datasource: { type: '__expr__', uid: '__expr__' }, expression: 'B', refId: 'C', type: 'threshold' } },
    ],
  });
  const list = Array.from({ length: groups }, (_, g) => ({ orgId: 1, name: `bench-${g}`, folder: 'Bench', interval: '1m', rules: Array.from({ length: rulesPerGroup }, (_, r) => rule(g, r)) }));
  return { origin: 'synthetic', document: { apiVersion: 1, groups: list } };
}

const fixtures = inputsOf([...files(join(root, '../shared/fixtures/alerting')), ...files(join(root, 'test/import/alerting-fixtures'))]);
const k2 = inputsOf(['rule-groups', 'contact-points', 'policies', 'mute-timings', 'templates'].map((f) => join(root, `provisioning/alerting/${f}.yaml`)));
await time('fixtures (3 shared + 5 own files)', fixtures);
await time('K2 provisioning/alerting (5 files, 8 rules)', k2);
const small = await time('synthetic: 1 group x 10 rules', [syntheticGroup(1, 10)]);
const large = await time('synthetic: 10 groups x 10 rules', [syntheticGroup(10, 10)]);
console.log(`100 rules / 10 rules: ${(large / small).toFixed(1)}x the time for 10x the rules`);

// Where the time goes: prettier's two passes over the generated files, measured alone on the same files.
const prettier = await import('prettier');
const options = { parser: 'typescript', singleQuote: true, printWidth: 120, trailingComma: 'all' } as const;
for (const [label, inputs] of [['fixtures', fixtures], ['10 groups x 10 rules', [syntheticGroup(10, 10)]]] as const) {
  const { files: generated } = await importAlerting(inputs, { outDir: 'imported/alerting' });
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    for (const file of generated) await prettier.format(await prettier.format(file.text, options), options);
    samples.push(performance.now() - start);
  }
  console.log(`${`  of which prettier, 2 passes (${label})`.padEnd(46)} median ${median(samples).toFixed(0).padStart(5)} ms`);
}
