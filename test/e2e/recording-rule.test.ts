/**
 * issue 13: K2's recording rule (dashboards/degradation/recording-rules.ts), compiled into
 * provisioning/prometheus/rules.yaml, under `promtool test rules`: the recorded series carries the level display
 * names, for every pair of levels, with the counter's value and labels.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { levelNamedTransitions } from '../../dashboards/index.js';
import * as k2 from '../../dashboards/catalog.js';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k2-recording-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const counter = k2.metrics.degradationTransitions;
const base = { component: counter.component, environment: 'dev', service: 'k2-consumer' };
const labels = (o: Record<string, string>) => `{${Object.entries(o).map(([k, v]) => `${k}="${v}"`).join(',')}}`;

async function promtool(tests: unknown[]): Promise<{ ok: boolean; output: string }> {
  const file = join(dir, `case-${tests.length}-${Math.random().toString(36).slice(2)}.test.yaml`);
  await writeFile(file, stringify({ rule_files: [join(root, 'provisioning/prometheus/rules.yaml')], evaluation_interval: '5s', tests }));
  try {
    const { stdout, stderr } = await run('promtool', ['test', 'rules', file]);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('the level-names recording rule under promtool test rules', () => {
  const pairs = k2.levels.flatMap((from) => k2.levels.filter((to) => to !== from).map((to) => ({ from, to })));
  const input = pairs.map(({ from, to }, i) => ({
    series: `${counter.name}${labels({ ...base, from_level: from.code, to_level: to.code })}`,
    values: `0 ${i + 1} ${i + 1}`,
  }));

  it('records every transition pair with the display names as from/to, values and labels kept', async () => {
    const result = await promtool([{
      interval: '5s',
      input_series: input,
      promql_expr_test: [{
        expr: levelNamedTransitions,
        eval_time: '10s',
        exp_samples: pairs.map(({ from, to }, i) => ({
          labels: `${levelNamedTransitions}${labels({ ...base, from_level: from.code, to_level: to.code, from: from.name, to: to.name })}`,
          value: i + 1,
        })),
      }],
    }]);
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toContain('SUCCESS');
  }, 60_000);

  it('would notice: a wrong display name fails', async () => {
    const { from, to } = pairs[0]!;
    const result = await promtool([{
      interval: '5s',
      input_series: [input[0]],
      promql_expr_test: [{
        expr: levelNamedTransitions,
        eval_time: '10s',
        exp_samples: [{ labels: `${levelNamedTransitions}${labels({ ...base, from_level: from.code, to_level: to.code, from: from.code, to: to.name })}`, value: 1 }],
      }],
    }]);
    expect(result.ok).toBe(false);
  }, 60_000);
});
