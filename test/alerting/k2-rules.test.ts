import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import * as catalog from '../../dashboards/catalog.js';
import { buildProject, buildPrometheusRules, k2RuleGroup, runbooksFile } from '../../dashboards/index.js';
import type { JsonObject } from '../../src/model/index.js';

const rulesOf = (project = buildProject()) => (project.ruleGroups ?? []).flatMap((g) => g.group.rules as JsonObject[]);
const byUid = (rules: JsonObject[], uid: string) => {
  const found = rules.find((r) => r.uid === uid);
  if (!found) throw new Error(`no rule ${uid}`);
  return found;
};
const threshold = (rule: JsonObject) =>
  ((((rule.data as JsonObject[])[2].model as JsonObject).conditions as JsonObject[])[0].evaluator as JsonObject).params;

/** GitHub's heading anchors of a markdown file, computed independently of the lint. */
function headingAnchors(markdown: string): Set<string> {
  return new Set(
    markdown
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => line.replace(/^#+ /, '').trim().toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-')),
  );
}

describe('K2 alert rules', () => {
  const rules = rulesOf();

  it('cover every alert of issue 2 item 5 in the K2 folder', () => {
    expect(rules.map((r) => r.uid)).toEqual([
      'k2-degradation-moderate',
      'k2-degradation-critical',
      'k2-degradation-metric-missing',
      'k2-consumer-lag-high',
      'k2-stream-disconnected',
      'k2-stream-no-messages',
      'k2-circuit-breaker-open',
      'k2-degradation-flapping',
    ]);
    for (const rule of rules) expect(rule.folderUID).toBe(catalog.grafana.folder.uid);
  });

  it('take their thresholds from the catalog', () => {
    const level = (name: string) => catalog.levels.find((l) => l.name === name);
    expect(threshold(byUid(rules, 'k2-degradation-moderate'))).toEqual([level('MODERATE')?.value]);
    expect(threshold(byUid(rules, 'k2-degradation-critical'))).toEqual([level('CRITICAL')?.value]);
    expect(threshold(byUid(rules, 'k2-consumer-lag-high'))).toEqual([level('MODERATE')?.lagTrigger]);
    expect(threshold(byUid(rules, 'k2-stream-no-messages'))).toEqual([catalog.profiles.k2.healthCheckTimeoutSeconds]);
    expect(threshold(byUid(rules, 'k2-circuit-breaker-open'))).toEqual([catalog.breakerStates.find((s) => s.name === 'OPEN')?.value]);
    expect(threshold(byUid(rules, 'k2-degradation-flapping'))).toEqual([catalog.alerting.flappingTransitions]);
  });

  it('alert explicitly when the degradation metric disappears', () => {
    const missing = byUid(rules, 'k2-degradation-metric-missing');
    expect(missing.noDataState).toBe('Alerting');
    for (const rule of rules) expect(['OK', 'Alerting', 'NoData', 'KeepLast']).toContain(rule.noDataState);
  });

  it('each have a summary, a description, a severity and a runbook_url naming an existing docs/runbooks.md section', () => {
    const anchors = headingAnchors(readFileSync(join(import.meta.dirname, '../..', runbooksFile), 'utf8'));
    for (const rule of rules) {
      const annotations = rule.annotations as Record<string, string>;
      expect(annotations.summary, String(rule.uid)).toBeTruthy();
      expect(annotations.description, String(rule.uid)).toBeTruthy();
      expect(['warning', 'critical']).toContain((rule.labels as Record<string, string>).severity);
      const [file, anchor] = annotations.runbook_url.split('#');
      expect(file).toBe(runbooksFile);
      expect(anchors.has(anchor), `${rule.uid}: #${anchor}`).toBe(true);
    }
  });

  it('move together with the dashboard lines when a catalog threshold changes', () => {
    const variant = {
      ...catalog,
      levels: catalog.levels.map((l) => (l.name === 'MODERATE' ? { ...l, lagTrigger: 750_000 } : l)),
    };
    const before = buildProject();
    const after = buildProject(variant);
    // Grafana rule
    expect(threshold(byUid(rulesOf(after), 'k2-consumer-lag-high'))).toEqual([750_000]);
    // Prometheus twin
    const promExpr = (file: ReturnType<typeof buildPrometheusRules>) =>
      file.groups[0].rules.find((r) => 'alert' in r && r.alert === 'K2ConsumerLagHigh')?.expr;
    expect(promExpr(buildPrometheusRules())).toMatch(/>= 500000$/);
    expect(promExpr(buildPrometheusRules(variant))).toMatch(/>= 750000$/);
    // Dashboard threshold line on the lag panel
    const lagSteps = (p: typeof before) => {
      const panel = ((p.dashboards ?? [])[0].dashboard.panels as JsonObject[]).find((x) => x.title === 'Consumer lag') as JsonObject;
      return (((panel.fieldConfig as JsonObject).defaults as JsonObject).thresholds as JsonObject).steps as JsonObject[];
    };
    expect(lagSteps(before).map((s) => s.value)).toContain(500_000);
    expect(lagSteps(after).map((s) => s.value)).toContain(750_000);
    expect(lagSteps(after).map((s) => s.value)).not.toContain(500_000);
  });

  it('use an evaluation interval that is a positive multiple of 10 s', () => {
    const group = k2RuleGroup();
    expect(group.intervalSeconds % 10).toBe(0);
    expect(group.intervalSeconds).toBeGreaterThan(0);
  });
});

const promtool = spawnSync('promtool', ['--version']).status === 0;

describe.skipIf(!promtool)('K2 Prometheus rule equivalents under promtool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k2-rules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'rules.yaml'), stringify(buildPrometheusRules()));

  it('pass promtool check rules', () => {
    const out = execFileSync('promtool', ['check', 'rules', join(dir, 'rules.yaml')], { encoding: 'utf8' });
    expect(out).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('fire at MODERATE after the pending period, on flapping, and on a vanished degradation metric', () => {
    const moderate = catalog.levels.find((l) => l.name === 'MODERATE')?.value;
    const labels = 'component="degradation_manager",environment="dev",service="k2-platform"';
    const test = {
      rule_files: ['rules.yaml'],
      evaluation_interval: '10s',
      tests: [
        {
          interval: '10s',
          input_series: [{ series: `k2_degradation_level{${labels}}`, values: `0 0 ${moderate}x12` }],
          alert_rule_test: [
            { eval_time: '20s', alertname: 'K2DegradationModerate', exp_alerts: [] },
            {
              eval_time: '70s',
              alertname: 'K2DegradationModerate',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', team: 'k2', environment: 'dev', service: 'k2-platform' },
                  exp_annotations: {
                    summary: `K2 consumer k2-platform (dev) is degraded to MODERATE or worse`,
                    description: `The degradation level has been at or above MODERATE (${moderate}) for ${catalog.alerting.degradedForSeconds} s: low-priority symbols are being shed.`,
                    runbook_url: 'docs/runbooks.md#k2-degradation-at-or-above-moderate',
                  },
                },
              ],
            },
          ],
        },
        {
          // Flapping between LIGHT and MODERATE; K2 creates each transition series at its first increment.
          interval: '1m',
          input_series: [
            { series: `k2_degradation_transitions_total{${labels},from_level="soft",to_level="graceful"}`, values: '_ _ 1 1 2 2 3 3' },
            { series: `k2_degradation_transitions_total{${labels},from_level="graceful",to_level="soft"}`, values: '_ _ _ 1 1 2 2 2' },
          ],
          alert_rule_test: [
            { eval_time: '5m', alertname: 'K2DegradationFlapping', exp_alerts: [] },
            {
              eval_time: '7m',
              alertname: 'K2DegradationFlapping',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', team: 'k2', environment: 'dev', service: 'k2-platform' },
                  exp_annotations: {
                    summary: 'K2 degradation level of k2-platform keeps changing',
                    description: `More than ${catalog.alerting.flappingTransitions} level transitions in ${catalog.alerting.flappingWindowMinutes} minutes: load hovers around a trigger, or the recovery cooldown is too short.`,
                    runbook_url: 'docs/runbooks.md#k2-degradation-level-flapping',
                  },
                },
              ],
            },
          ],
        },
        {
          interval: '10s',
          input_series: [],
          alert_rule_test: [
            {
              eval_time: '2m',
              alertname: 'K2DegradationMetricMissing',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', team: 'k2', no_data: 'true' },
                  exp_annotations: {
                    summary: 'k2_degradation_level has disappeared',
                    description:
                      'No k2_degradation_level series has been reported for 1 minute: the dashboards and the degradation alerts are blind until the consumer exports it again.',
                    runbook_url: 'docs/runbooks.md#k2-degradation-level-not-reported',
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    writeFileSync(join(dir, 'test.yaml'), stringify(test));
    const result = spawnSync('promtool', ['test', 'rules', join(dir, 'test.yaml')], { encoding: 'utf8', cwd: dir });
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});

describe('docs/runbooks.md', () => {
  it('states the catalog figures in its level table', () => {
    const text = readFileSync(join(import.meta.dirname, '../..', runbooksFile), 'utf8');
    const compact = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1_000}k`);
    for (const level of catalog.levels.filter((l) => l.lagTrigger !== undefined)) {
      const row = text.split('\n').find((line) => line.startsWith(`| ${level.name} |`));
      expect(row, level.name).toBeDefined();
      expect(row).toContain(compact(level.lagTrigger as number));
      expect(row).toContain(`${level.memoryTrigger} %`);
    }
    expect(text).toContain(`${catalog.recovery.cooldownSeconds} s since the last transition`);
    expect(text).toContain(`more than ${catalog.alerting.flappingTransitions} level transitions in ${catalog.alerting.flappingWindowMinutes} minutes`);
  });
});
