import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provision } from '../../src/apply/index.js';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import type { JsonObject, ProjectDefinition } from '../../src/model/index.js';
import { generate } from '../../src/render/index.js';
import { reviewArtifactSets, reviewLive, type ReviewReport } from '../../src/review/index.js';
import type { Emulator } from '../emulator/emulator.js';
import { emulator, testClient } from '../provision/helpers.js';
import { syntheticEnv, syntheticProject } from '../provision/synthetic-project.js';

/**
 * issue 12 "Done when": one normaliser per kind on every path. Each kind's meaningful fields are changed one at a
 * time in the definitions; the change must show in plan, `diff --base` (committed files vs generated), `diff A B`
 * (two provisioning files) and `diff --live` (Grafana vs definitions), in the same words. Folders have no file
 * section (Grafana provisions them only through dashboard providers), so they are held to plan and --live.
 */

// Plus one object of each kind issue 13 added (a library panel no dashboard uses yet).
const base: ProjectDefinition = {
  ...syntheticProject({ dashboards: 1, rules: 2 }),
  muteTimings: [{ source: 'synth.ts', muteTiming: { name: 'synth-nights', time_intervals: [{ times: [{ start_time: '00:00', end_time: '06:00' }], weekdays: ['monday:friday'] }] } }],
  templates: [{ source: 'synth.ts', template: { name: 'synth.message', template: 'Alert: {{ .CommonLabels.alertname }}' } }],
  libraryPanels: [{ source: 'synth.ts', libraryPanel: { uid: 'synth-lib', name: 'Synth shared', folderUid: 'synth', model: { type: 'stat', title: 'Shared stat' } } }],
};

interface Mutation {
  readonly name: string;
  readonly kind: string;
  readonly file?: string;
  readonly words: string;
  /**
   * `diff A B` of two loose files cannot tell this kind (a folder section claims files by path: `a.json` is taken as a
   * dashboard), so only `diff --base` is held for it.
   */
  readonly byPathOnly?: boolean;
  readonly mutate: (p: ProjectDefinition) => ProjectDefinition;
}

const mutations: readonly Mutation[] = [
  {
    name: 'a datasource URL', kind: 'datasource', file: 'datasources/prometheus.yaml', words: 'url: "http://prometheus:9090" -> "http://prometheus-2:9090"',
    mutate: (p) => ({ ...p, datasources: (p.datasources ?? []).map((d) => ({ ...d, url: 'http://prometheus-2:9090' })) }),
  },
  {
    name: 'a contact-point setting', kind: 'contact-point', file: 'alerting/contact-points.yaml', words: 'settings.httpMethod: "POST" -> "PUT"',
    mutate: (p) => ({
      ...p,
      contactPoints: (p.contactPoints ?? []).map((c) => ({ ...c, contactPoint: { ...c.contactPoint, settings: { ...(c.contactPoint.settings as JsonObject), httpMethod: 'PUT' } } })),
    }),
  },
  {
    name: 'a policy matcher', kind: 'policy', file: 'alerting/policies.yaml', words: '"critical" -> "warning"',
    mutate: (p) => ({ ...p, policies: (p.policies ?? []).map((r) => ({ ...r, route: { ...r.route, object_matchers: [['severity', '=', 'warning']] } })) }),
  },
  {
    name: "a rule's for", kind: 'rule-group', file: 'alerting/rule-groups.yaml', words: 'for: "5m" -> "10m"',
    mutate: (p) => ({
      ...p,
      ruleGroups: (p.ruleGroups ?? []).map((g) => ({ ...g, group: { ...g.group, rules: (g.group.rules as JsonObject[]).map((r, i) => (i === 0 ? { ...r, for: '10m' } : r)) } })),
    }),
  },
  {
    name: "a panel's query", kind: 'dashboard', file: 'dashboards/synth/synth-0000.json', words: 'query A expr changed',
    mutate: (p) => ({
      ...p,
      dashboards: (p.dashboards ?? []).map((d) => ({
        ...d,
        dashboard: { ...d.dashboard, panels: (d.dashboard.panels as JsonObject[]).map((panel, i) => (i === 0 ? { ...panel, targets: [{ refId: 'A', expr: 'sum(other_metric)' }] } : panel)) },
      })),
    }),
  },
  {
    name: "a mute timing's weekdays", kind: 'mute-timing', file: 'alerting/mute-timings.yaml', words: 'monday:friday',
    mutate: (p) => ({ ...p, muteTimings: [{ source: 'synth.ts', muteTiming: { name: 'synth-nights', time_intervals: [{ times: [{ start_time: '00:00', end_time: '06:00' }], weekdays: ['saturday:sunday'] }] } }] }),
  },
  {
    name: "a template's text", kind: 'notification-template', file: 'alerting/templates.yaml', words: 'Alarm:',
    mutate: (p) => ({ ...p, templates: [{ source: 'synth.ts', template: { name: 'synth.message', template: 'Alarm: {{ .CommonLabels.alertname }}' } }] }),
  },
  {
    name: "a library panel's title", kind: 'library-panel', file: 'library-panels/synth-lib.json', byPathOnly: true, words: 'model.title: "Shared stat" -> "Shared number"',
    mutate: (p) => ({ ...p, libraryPanels: [{ source: 'synth.ts', libraryPanel: { uid: 'synth-lib', name: 'Synth shared', folderUid: 'synth', model: { type: 'stat', title: 'Shared number' } } }] }),
  },
  {
    name: "a folder's parent", kind: 'folder', words: 'parentUid: "synth" -> ""',
    mutate: (p) => ({ ...p, folders: (p.folders ?? []).map((f) => (f.parentUid ? { uid: f.uid, title: f.title } : f)) }),
  },
];

function changed(report: ReviewReport, kind: string): string[][] {
  return report.objects.filter((o) => o.kind === kind && o.status !== 'unchanged').map((o) => o.changes.map((c) => c.summary));
}

/** `diff A B` through the CLI: the kind's file before and after, as JSON. */
async function fileDiff(dir: string, file: string, before: string, after: string): Promise<ReviewReport> {
  const ext = file.endsWith('.json') ? 'json' : 'yaml';
  writeFileSync(join(dir, `a.${ext}`), before);
  writeFileSync(join(dir, `b.${ext}`), after);
  const out: string[] = [];
  const io: CliIO = { stdout: (t) => void out.push(t), stderr: () => {}, env: {}, cwd: dir, isTTY: false };
  expect(await runCli(['diff', `a.${ext}`, `b.${ext}`, '--format', 'json', '--exit-code'], io)).toBe(2);
  return JSON.parse(out.join('')) as ReviewReport;
}

describe('one normaliser per kind: plan and every diff mode show the same change in the same words', () => {
  let emu: Emulator;
  let dir: string;
  beforeAll(async () => {
    emu = await emulator();
    dir = mkdtempSync(join(tmpdir(), 'k2-same-words-'));
    const first = await provision({ project: base, client: testClient(emu), env: syntheticEnv });
    expect(first.summary?.counts.failed).toBe(0);
  });
  afterAll(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(mutations)('$name', async ({ kind, file, words, byPathOnly, mutate }) => {
    const head = mutate(base);
    const planned = await provision({ project: head, client: testClient(emu), env: syntheticEnv, dryRun: true });
    const plan = planned.plan.changes.filter((c) => c.kind === kind && c.action !== 'unchanged').map((c) => c.reasons.map((r) => r.summary));
    expect(plan).toHaveLength(1);
    expect(plan[0]!.join('\n')).toContain(words);

    const live = await reviewLive({ project: head, client: testClient(emu), env: syntheticEnv });
    expect(changed(live, kind)).toEqual(plan);
    if (!file) return;
    const before = generate(base);
    const after = generate(head);
    expect(changed(reviewArtifactSets(before, after, { before: 'base', after: 'head' }), kind)).toEqual(plan);
    if (byPathOnly) return;
    expect(changed(await fileDiff(dir, file, before.get(file)!, after.get(file)!), kind)).toEqual(plan);
  });

  it('unchanged definitions: nothing in plan, --base or --live', async () => {
    const planned = await provision({ project: base, client: testClient(emu), env: syntheticEnv, dryRun: true });
    expect(planned.plan.pending).toBe(false);
    expect((await reviewLive({ project: base, client: testClient(emu), env: syntheticEnv })).changed).toBe(false);
    expect(reviewArtifactSets(generate(base), generate(base), { before: 'base', after: 'head' }).changed).toBe(false);
  });

  it('a datasource URL changed in Grafana: plan reports drift and diff --live reports it too, in the same words', async () => {
    const client = testClient(emu);
    const live = await client.get<JsonObject>('/api/datasources/uid/synth-prom');
    await client.put('/api/datasources/uid/synth-prom', { ...live, url: 'http://elsewhere:9090' });
    const planned = await provision({ project: base, client, env: syntheticEnv, dryRun: true });
    const ds = planned.plan.changes.find((c) => c.kind === 'datasource')!;
    expect(ds.action).toBe('drift');
    expect(ds.reasons.map((r) => r.summary)).toEqual(['url: "http://elsewhere:9090" -> "http://prometheus:9090"']);
    const report = await reviewLive({ project: base, client, env: {} });
    expect(report.changed).toBe(true);
    expect(changed(report, 'datasource')).toEqual([ds.reasons.map((r) => r.summary)]);
  });
});
