/**
 * The offline PromQL check against the real thing: Prometheus's own parser, run through `promtool check rules`
 * (Debian's prometheus package; .ci/run installs it). Our verdict and column must match Prometheus's, except where
 * a case says why we differ on purpose. Every expression of the real K2 project and the fixture, with Grafana
 * variables substituted, must also pass Prometheus's parser.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { project as k2Project } from '../../dashboards/index.js';
import { parsePromql, substituteVariables } from '../../src/validate/index.js';
import { collectPromql } from '../../src/validate/promql/collect-promql.js';
import { FUNCTION_ARITY } from '../../src/validate/promql/function-signatures.js';
import { validProject } from './fixture.js';

const hasPromtool = spawnSync('promtool', ['--version']).status === 0;
if (!hasPromtool) {
  console.warn('promtool not found: PromQL agreement with Prometheus skipped (.ci/run installs the prometheus package)');
}
const dir = mkdtempSync(join(tmpdir(), 'k2-validate-promtool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Verdict {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

let fileCount = 0;
/** Prometheus's verdict for each expression: undefined when it parses, else its position and message. */
async function promtoolVerdicts(exprs: readonly string[]): Promise<Array<Verdict | undefined>> {
  const file = join(dir, `rules-${(fileCount += 1)}.yml`);
  writeFileSync(file, stringify({ groups: [{ name: 'g', rules: exprs.map((expr, i) => ({ record: `r${i}`, expr })) }] }));
  const output = await promisify(execFile)('promtool', ['check', 'rules', file]).then(
    (r) => r.stdout + r.stderr,
    (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`,
  );
  const verdicts: Array<Verdict | undefined> = exprs.map(() => undefined);
  for (const m of output.matchAll(/rule (\d+), "r\d+": could not parse expression: (\d+):(\d+): parse error: (.*)/g)) {
    verdicts[Number(m[1]) - 1] = { line: Number(m[2]), column: Number(m[3]), message: m[4] };
  }
  return verdicts;
}

function ours(expr: string): Verdict | undefined {
  const parsed = parsePromql(expr);
  return parsed.error ?? parsed.typeError;
}

/** [expression, how we relate to Prometheus]. 'same' = same verdict and, when both reject, the same column. */
const table: ReadonlyArray<readonly [string, 'same' | 'same-verdict' | 'stricter']> = [
  ['rate(x[5m])', 'same'],
  ['sum by (job) (rate(x{a="b"}[5m])) / on (job) group_left (c) y', 'same'],
  ['histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))', 'same'],
  ['rate(x[5m] offset 1m) + rate((x[5m])) + max_over_time(rate(x[5m])[10m:1m])', 'same'],
  ['quantile_over_time(0.5, x[5m]) > bool 1', 'same'],
  ['label_replace(x, "a", "$1", "b", "(.*)")', 'same'],
  ['label_join(x, "a", ",")', 'same'],
  ['topk(3, x) or count_values("v", x) unless quantile(0.5, x)', 'same'],
  ['time() - max(x) + hour() + round(x, 1)', 'same'],
  ['x @ 1609746000 offset -5m', 'same'],
  ['rate(x)', 'same'],
  ['quantile_over_time(0.5, x)', 'same'],
  ['sum(x[5m])', 'same'],
  ['(x + y)[5m]', 'same'],
  ['sum(rate(x[5m]) by (job)', 'same'],
  ['rat(x[5m])', 'same'],
  ['x{', 'same'],
  ['x{a=}', 'same'],
  ['1 +', 'same'],
  ['abs(x, y)', 'same'],
  ['clamp_max(x)', 'same'],
  ['time(1)', 'same'],
  ['topk(x)', 'same'],
  ['sum(x, y)', 'same'],
  // Prometheus points just past a stray ')' and we point at it.
  ['max(x))', 'same-verdict'],
  ['x + ) y', 'same-verdict'],
  // A bare range vector parses, but Grafana's range queries reject it ("invalid expression type range vector").
  ['x[5m]', 'stricter'],
  ['x[5m:1m]', 'stricter'],
];

describe.skipIf(!hasPromtool)('PromQL checks agree with promtool (Prometheus parser)', () => {
  it('on a table of valid and broken expressions', async () => {
    const exprs = table.map(([expr]) => expr);
    const theirs = await promtoolVerdicts(exprs);
    const mismatches = table.flatMap(([expr, relation], i) => {
      const mine = ours(expr);
      const real = theirs[i];
      const ok =
        relation === 'stricter' ? mine !== undefined && real === undefined
        : relation === 'same-verdict' ? (mine === undefined) === (real === undefined)
        : (mine === undefined) === (real === undefined) && (!mine || (mine.line === real!.line && mine.column === real!.column));
      return ok ? [] : [{ expr, relation, ours: mine ?? 'ok', prometheus: real ?? 'ok' }];
    });
    expect(mismatches).toEqual([]);
  }, 60_000);

  it('on the argument counts of every function Prometheus knows', async () => {
    const calls: Array<{ name: string; expr: string }> = [];
    for (const [name, { min, max }] of FUNCTION_ARITY) {
      const call = (n: number): string => `${name}(${Array.from({ length: n }, () => 'x').join(', ')})`;
      if (min > 0) calls.push({ name, expr: call(min - 1) });
      if (Number.isFinite(max)) calls.push({ name, expr: call(max + 1) });
    }
    const theirs = await promtoolVerdicts(calls.map((c) => c.expr));
    const known = calls.filter((_, i) => !theirs[i]?.message.startsWith('unknown function'));
    // Functions newer than the installed Prometheus are unknown to it; the rest must all be compared.
    expect(known.length).toBeGreaterThan(calls.length * 0.8);
    const mismatches = calls.flatMap((call, i) => {
      const real = theirs[i];
      if (real?.message.startsWith('unknown function')) return [];
      const mine = ours(call.expr);
      const agree = real !== undefined && real.message.includes('argument') && mine?.message.includes(' takes ') && mine.column === real.column;
      return agree ? [] : [{ expr: call.expr, ours: mine ?? 'ok', prometheus: real ?? 'ok' }];
    });
    expect(mismatches).toEqual([]);
  }, 60_000);

  it('every expression of the K2 project and the fixture, variables substituted, parses in Prometheus', async () => {
    const sites = [...collectPromql(k2Project), ...collectPromql(validProject())];
    expect(sites.length).toBeGreaterThan(20);
    const exprs = sites.map((s) => substituteVariables(s.expr).text);
    const theirs = await promtoolVerdicts(exprs);
    const rejected = sites.flatMap((site, i) => (theirs[i] ? [{ where: site.where.join(' > '), expr: exprs[i], prometheus: theirs[i] }] : []));
    expect(rejected).toEqual([]);
  }, 60_000);
});
