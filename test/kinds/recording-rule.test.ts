import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../dashboards/index.js';
import { provision } from '../../src/apply/index.js';
import type { JsonObject, ProjectDefinition, RuleGroupDefinition } from '../../src/model/index.js';
import { normaliseRuleGroup } from '../../src/normalise/index.js';
import { validateProject } from '../../src/validate/index.js';
import type { Emulator } from '../emulator/emulator.js';
import { emulator, testClient, testEnv, writeLines } from '../provision/helpers.js';

/**
 * issue 13: Grafana-managed recording rules are a rule type inside the rule-group kind (a group PUT replaces the whole
 * group), validated as Grafana's validateRecordingRuleFields does (pkg/services/ngalert/api/validation.go), with the
 * fields Grafana clears (ClearRecordingRuleIgnoredFields) left out of the comparison. Emulator:
 * test/emulator/routes/alert-rules.ts parseRule.
 */

function withRecordingRule(metric: string, from = 'A'): ProjectDefinition {
  const project = buildProject();
  const [definition] = project.ruleGroups as RuleGroupDefinition[];
  const group = definition!.group;
  const first = (group.rules as JsonObject[])[0]!;
  const recording: JsonObject = {
    ...first, uid: 'k2-level-recorded', title: 'K2 degradation level (recorded)',
    record: { metric, from }, data: (first.data as JsonObject[]).filter((q) => q.refId === 'A'),
  };
  // What only alerting rules have: Grafana clears it on a recording rule, so it is left out here too.
  for (const key of ['condition', 'noDataState', 'execErrState', 'for', 'notification_settings']) delete recording[key];
  return { ...project, ruleGroups: [{ ...definition!, group: { ...group, rules: [...(group.rules as JsonObject[]), recording] } }] };
}

describe('recording rules inside the rule group', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  it('are valid with a metric name and `from`, and the group is written once, then unchanged', async () => {
    const project = withRecordingRule('k2:degradation_level:max');
    expect(validateProject(project, { rootDir: new URL('../..', import.meta.url).pathname }).filter((i) => i.severity === 'error')).toEqual([]);
    const first = await provision({ project, client: testClient(emu), env: testEnv });
    expect(first.summary?.counts.failed ?? 0).toBe(0);
    expect(emu.state.rules.get('k2-level-recorded')).toMatchObject({ record: { metric: 'k2:degradation_level:max', from: 'A' }, condition: '', noDataState: '' });
    emu.clearLog();
    const second = await provision({ project, client: testClient(emu), env: testEnv });
    expect(writeLines(emu)).toEqual([]);
    expect(second.plan.changes.find((c) => c.kind === 'rule-group')?.action).toBe('unchanged');
  });

  it('a changed metric name is an update of the group, named in the reasons', async () => {
    const planned = await provision({ project: withRecordingRule('k2:degradation_level:maximum'), client: testClient(emu), env: testEnv, dryRun: true });
    const change = planned.plan.changes.find((c) => c.kind === 'rule-group')!;
    expect(change.action).toBe('update');
    expect(change.reasons.map((r) => r.summary).join('\n')).toContain('k2:degradation_level:maximum');
  });

  it('normalise drops what Grafana clears on a recording rule, so a definition that still sets it compares equal', () => {
    const rule = { uid: 'r', title: 't', record: { metric: 'm', from: 'A' }, data: [] };
    expect(normaliseRuleGroup({ title: 'g', rules: [{ ...rule, condition: 'C', noDataState: 'OK', for: '5m' }] })).toEqual(normaliseRuleGroup({ title: 'g', rules: [rule] }));
  });

  it('bad input: a metric name Prometheus does not accept, or a `from` naming no query, is an error naming the rule; nothing is written', async () => {
    const bad = withRecordingRule('k2-degradation level');
    const issues = validateProject(bad, { rootDir: new URL('../..', import.meta.url).pathname }).filter((i) => i.severity === 'error');
    expect(issues.map((i) => `${i.where.at(-1)}: ${i.message} [${i.rule}]`)).toEqual([
      'rule "K2 degradation level (recorded)": record.metric "k2-degradation level" is not a valid Prometheus metric name (letters, digits, \'_\' and \':\', not starting with a digit): Grafana refuses it ("metric name for recording rule must be a valid Prometheus metric name") [recording-rule]',
    ]);
    const fromless = validateProject(withRecordingRule('ok_name', 'Z'), { rootDir: '/' }).filter((i) => i.rule === 'recording-rule');
    expect(fromless.map((i) => i.message)).toEqual(['record.from "Z" names no query or expression of this rule (refIds: A)']);
    // The emulator refuses it as Grafana does, so a push that skipped validation would fail there too.
    const group = (bad.ruleGroups as RuleGroupDefinition[])[0]!.group;
    const res = await testClient(emu).put(`/api/v1/provisioning/folder/${String(group.folderUid)}/rule-groups/${encodeURIComponent(String(group.title))}`, group).catch((e: unknown) => e);
    expect(res).toMatchObject({ status: 400 });
    expect(String((res as Error).message)).toContain('metric name for recording rule must be a valid Prometheus metric name');
  });
});
