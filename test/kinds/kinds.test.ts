import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provision } from '../../src/apply/index.js';
import {
  contactPoint, defaultRegistry, normaliseRoute, splitDashboardMarker, splitRuleGroupMarker,
} from '../../src/kinds/index.js';
import type { JsonObject } from '../../src/model/index.js';
import type { Emulator } from '../emulator/emulator.js';
import { emulator, testClient, writeLines } from '../provision/helpers.js';
import { syntheticEnv, syntheticProject } from '../provision/synthetic-project.js';

describe('kind handlers: markers and canonical forms (pure)', () => {
  it('apply order comes from dependsOn: folders, datasources, contact points, mute timings, library panels before dashboards, rules, policy', () => {
    const levels = Object.fromEntries(defaultRegistry.levels);
    expect(levels).toEqual({ folder: 0, datasource: 0, 'contact-point': 0, 'mute-timing': 0, 'notification-template': 0, 'library-panel': 1, dashboard: 2, 'rule-group': 1, policy: 1 });
  });

  it('dashboard marker: owner from the tag, hash from the k2Grafana field; both removed from the spec', () => {
    const { dashboard, marker } = splitDashboardMarker({ uid: 'd', tags: ['team', 'managed-by:k2-grafana/k2'], k2Grafana: { owner: 'k2-grafana/k2', hash: 'abc@d' } });
    expect(marker).toEqual({ owner: 'k2-grafana/k2', hash: 'abc' });
    expect(dashboard).toEqual({ uid: 'd', tags: ['team'] });
    // Bound to another uid: a copy, not ours.
    expect(splitDashboardMarker({ uid: 'copy', tags: ['managed-by:k2-grafana/k2'], k2Grafana: { owner: 'k2-grafana/k2', hash: 'abc@d' } }).marker).toBeUndefined();
    // An earlier version's field (no uid): ours only on a uid we define, so marked unbound.
    expect(splitDashboardMarker({ uid: 'd', tags: ['managed-by:k2-grafana/k2'], k2Grafana: { owner: 'k2-grafana/k2', hash: 'abc' } }).marker).toEqual({ owner: 'k2-grafana/k2', hash: 'abc', unbound: true });
    // A UI save drops the field but keeps the tag: ours on a uid we define, hash unknown (reads as edited).
    expect(splitDashboardMarker({ uid: 'd', tags: ['managed-by:k2-grafana/k2'] }).marker).toEqual({ owner: 'k2-grafana/k2', hash: undefined, unbound: true });
    expect(splitDashboardMarker({ uid: 'd', tags: ['x'] }).marker).toBeUndefined();
  });

  it('rule group marker: one owner label and one hash annotation across the rules', () => {
    const rule = (labels: JsonObject, annotations: JsonObject): JsonObject => ({ uid: 'r', title: 'r', labels, annotations });
    const group = { title: 'g', folderUid: 'f', interval: 60, rules: [rule({ managed_by: 'o', severity: 'x' }, { k2_grafana_hash: 'h/api@r', summary: 's' })] };
    const { spec, marker } = splitRuleGroupMarker(group);
    expect(marker).toEqual({ owner: 'o', hash: 'h' });
    // A duplicated rule (another uid, the same annotation) is not ours, so neither is the group.
    expect(splitRuleGroupMarker({ ...group, rules: [...group.rules, { ...group.rules[0], uid: 'r2' }] }).marker).toBeUndefined();
    expect(spec.rules[0]).toEqual(rule({ severity: 'x' }, { summary: 's' }));
    const mixed = { ...group, rules: [...group.rules, rule({ managed_by: 'other' }, {})] };
    expect(splitRuleGroupMarker(mixed).marker).toBeUndefined();
  });

  it('contact points compare with secrets masked on both sides, whatever Grafana returns for them', () => {
    const desired = { contactPoint: { uid: 'c', name: 'C', type: 'webhook', settings: { url: '$HOOK_URL', httpMethod: 'POST' } }, secretSettings: ['url'] };
    const clear = { contactPoint: { uid: 'c', name: 'C', type: 'webhook', settings: { url: 'https://hooks.example.test/s3cret', httpMethod: 'POST' }, disableResolveMessage: false }, secretSettings: [] };
    const redacted = { ...clear, contactPoint: { ...clear.contactPoint, settings: { url: '[REDACTED]', httpMethod: 'POST' } }, secretSettings: ['url'] };
    expect(contactPoint.normalise(clear, desired)).toEqual(contactPoint.normalise(desired, clear));
    expect(contactPoint.normalise(redacted)).toEqual(contactPoint.normalise(desired));
    expect(JSON.stringify(contactPoint.normalise(clear, desired))).not.toContain('s3cret');
  });

  it('policy routes: empty lists, continue:false and provenance are noise; matcher order is not', () => {
    expect(normaliseRoute({ receiver: 'r', group_by: [], continue: false, provenance: 'api', object_matchers: [['b', '=', '2'], ['a', '=', '1']], group_wait: '30s', routes: [] }))
      .toEqual({ receiver: 'r', object_matchers: [['a', '=', '1'], ['b', '=', '2']], group_wait: '30s' });
  });
});

describe('kind handlers against the emulator', () => {
  let emu: Emulator;
  const project = syntheticProject({ dashboards: 1, rules: 3 });
  beforeAll(async () => {
    emu = await emulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  it('alert rules: provenance api by default; --editable-rules sends X-Disable-Provenance and leaves them editable', async () => {
    await provision({ project, client: testClient(emu), env: syntheticEnv });
    expect([...emu.state.rules.values()].map((r) => r.provenance)).toEqual(['api', 'api', 'api']);
    emu.clearLog();
    const editable = await provision({ project, client: testClient(emu), env: syntheticEnv, editableRules: true });
    expect(editable.plan.changes.find((c) => c.kind === 'rule-group')?.reasons.map((r) => r.summary)).toEqual(['provenance "api" -> "none" (editable in the UI)']);
    const put = emu.writes().find((w) => w.path.includes('/rule-groups/'))!;
    expect(Object.keys(put.headers).map((h) => h.toLowerCase())).toContain('x-disable-provenance');
    expect([...emu.state.rules.values()].map((r) => r.provenance)).toEqual(['', '', '']);
    emu.clearLog();
    await provision({ project, client: testClient(emu), env: syntheticEnv, editableRules: true });
    expect(writeLines(emu)).toEqual([]);
  });

  it('every pushed rule carries the owner label and the group hash with the provenance it was written with; rules read back compare equal', async () => {
    for (const rule of emu.state.rules.values()) {
      expect(rule.labels).toMatchObject({ managed_by: 'k2-grafana/synthetic' });
      expect(rule.annotations?.k2_grafana_hash).toMatch(/^[0-9a-f]{16}\/(api|none)(@[\w-]+)?$/);
    }
  });

  it('a read-only datasource that differs is reported, never written, even with --force', async () => {
    const ds = emu.state.datasources.get('synth-prom')!;
    ds.readOnly = true;
    ds.url = 'http://other-prometheus:9090';
    emu.clearLog();
    const result = await provision({ project, client: testClient(emu), env: syntheticEnv, editableRules: true, force: true });
    expect(writeLines(emu)).toEqual([]);
    const change = result.plan.changes.find((c) => c.kind === 'datasource')!;
    expect(change.action).toBe('drift');
    expect(change.note).toMatch(/read-only/);
    expect(change.reasons.map((r) => r.summary).join()).toMatch(/url: "http:\/\/other-prometheus:9090" -> "http:\/\/prometheus:9090"/);
  });
});
