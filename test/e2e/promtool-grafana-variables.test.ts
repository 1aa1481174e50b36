/**
 * Issue 15 §1 "PromQL hint": following the validator's hint (`[$__rate_interval]`) in an alert rule must give a
 * prometheus/rules.yaml that Prometheus accepts. Checked with the real `promtool check rules`, which is how
 * Prometheus reads a rule file.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compilePrometheusRules, type ThresholdRuleGroup } from '../../src/alerting/index.js';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  await run('promtool', ['--version']).catch(() => {
    throw new Error('promtool is required for this test: apt-get install -y --no-install-recommends prometheus (or run bash .ci/run)');
  });
  dir = await mkdtemp(join(tmpdir(), 'k2-promtool-vars-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const group: ThresholdRuleGroup = {
  name: 'api',
  folderUid: 'api',
  intervalSeconds: 30,
  rules: [
    {
      uid: 'api-errors', title: 'API errors', alertName: 'ApiErrors',
      query: 'sum by (job) (rate(http_requests_total{code=~"5.."}[$__rate_interval])) / sum by (job) (rate(http_requests_total[${__rate_interval}]))',
      op: 'gt', value: 0.05, for: '5m', noDataState: 'Alerting', execErrState: 'Error', severity: 'critical',
      summary: 'Errors', description: 'Too many errors.', runbookAnchor: 'api-errors', labels: {},
    },
    {
      uid: 'api-slow', title: 'API slow', alertName: 'ApiSlow', reducer: 'max', relativeTimeRange: { from: 900, to: 0 },
      query: 'histogram_quantile(0.99, sum by (le) (increase(http_request_duration_seconds_bucket[$__range])))',
      op: 'gt', value: 2, for: '10m', noDataState: 'NoData', execErrState: 'Error', severity: 'warning',
      summary: 'Slow', description: 'Slow requests.', runbookAnchor: 'api-slow', labels: {},
    },
  ],
};

async function promtoolCheck(content: unknown): Promise<{ ok: boolean; output: string }> {
  const file = join(dir, `rules-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, stringify(content));
  try {
    const { stdout, stderr } = await run('promtool', ['check', 'rules', file]);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('Prometheus rules compiled from alert rules that use Grafana variables', () => {
  it('pass promtool check rules', async () => {
    const file = compilePrometheusRules([group], { runbookBaseUrl: 'docs/runbooks.md' });
    const result = await promtoolCheck(file);
    expect(result.output).toMatch(/SUCCESS: 3 rules found/);
    expect(result.ok).toBe(true);
    expect(JSON.stringify(file)).not.toContain('$__');
  });

  it('would not, with the variables left as Grafana reads them (so the check above can fail)', async () => {
    const raw = { groups: [{ name: 'api', interval: '30s', rules: [{ alert: 'ApiErrors', expr: group.rules[0]!.query, for: '5m' }] }] };
    const result = await promtoolCheck(raw);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/__rate_interval|parse error|unexpected/i);
  });
});
