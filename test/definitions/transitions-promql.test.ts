import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { degradationDashboard } from '../../dashboards/degradation/index.js';
import type { JsonObject } from '../../src/model/index.js';

/**
 * The transition counts run in a real PromQL engine (promtool's unit-test evaluator) on synthetic series shaped like
 * K2's: a transition series that is born at 1 (K2 creates it at its first increment) must still be counted.
 */
const promtool = spawnSync('promtool', ['--version']).status === 0;
const labels = 'component="degradation_manager",environment="dev",service="k2-platform"';
const series = (from: string, to: string) => `k2_degradation_transitions_total{${labels},from_level="${from}",to_level="${to}"}`;

/** Grafana's variables as Grafana would expand them for a 10-minute range with "All" selected. */
const expand = (expr: string) =>
  expr.replaceAll('$__range', '10m').replaceAll('$environment', '.*').replaceAll('$service', '.*');

describe.skipIf(!promtool)('level transition queries on K2-shaped counters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k2-transitions-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const dashboard = degradationDashboard().dashboard;
  const panel = (dashboard.panels as JsonObject[]).find((p) => p.title === 'Level transitions') as JsonObject;
  const [total, byLevel] = (panel.targets as JsonObject[]).map((t) => expand(String(t.expr)));

  it('count a series born inside the range as well as increases of older ones', () => {
    const test = {
      rule_files: [],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            // Existed before the range, one transition inside it.
            { series: series('normal', 'soft'), values: '0x12 1x6' },
            // Born inside the range at 1, then once more: two transitions.
            { series: series('soft', 'graceful'), values: '_x13 1 1 2 2 2' },
          ],
          promql_expr_test: [
            { expr: total, eval_time: '18m', exp_samples: [{ labels: '{}', value: 3 }] },
            {
              expr: byLevel,
              eval_time: '18m',
              exp_samples: [
                { labels: '{to="LIGHT"}', value: 1 },
                { labels: '{to="MODERATE"}', value: 2 },
              ],
            },
          ],
        },
      ],
    };
    writeFileSync(join(dir, 'test.yaml'), stringify(test));
    const result = spawnSync('promtool', ['test', 'rules', 'test.yaml'], { cwd: dir, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});
