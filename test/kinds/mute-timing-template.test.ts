import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provision } from '../../src/apply/index.js';
import {
  canonicalTimeInterval, grafanaTemplateContent, muteTiming, notificationTemplate, templateProblems, timeIntervalProblems,
  type MuteTimingDefinition, type NotificationTemplateDefinition,
} from '../../src/kinds/index.js';
import type { JsonObject, ProjectDefinition } from '../../src/model/index.js';
import { generate } from '../../src/render/index.js';
import { reviewArtifactSets, reviewLive } from '../../src/review/index.js';
import { validateProject } from '../../src/validate/index.js';
import { alertmanagerObjects } from '../emulator/routes/alertmanager-objects.js';
import type { Emulator } from '../emulator/emulator.js';
import { emulator, testClient, writeLines } from '../provision/helpers.js';

/**
 * issue 13: mute timings and notification templates, provisioned, re-run (no write), drifted and pruned on the
 * emulator (test/emulator/routes/alertmanager-objects.ts, after Grafana's api_provisioning.go RoutePostMuteTiming,
 * RoutePutMuteTiming, RouteDeleteMuteTiming, RoutePutTemplate, RouteDeleteTemplate).
 */

const maintenance = (weekdays: string[] = ['Saturday']): MuteTimingDefinition => ({
  source: 'defs/alerting.ts',
  muteTiming: { name: 'maintenance', time_intervals: [{ times: [{ start_time: '02:00', end_time: '04:00' }], weekdays, months: ['january:march'] }] },
});
const template = (text = 'Runbook: {{ .CommonAnnotations.runbook_url }}'): NotificationTemplateDefinition => ({
  source: 'defs/alerting.ts', template: { name: 'team.message', template: text },
});
const contactPoint = { source: 'defs/alerting.ts', contactPoint: { uid: 'team-hook', name: 'team-hook', type: 'webhook', settings: { url: 'https://hooks.example.test/x' } }, secretSettings: [] };
const route = (muteTimings: string[]) => ({ source: 'defs/alerting.ts', route: { receiver: 'team-hook', mute_time_intervals: muteTimings } });

function project(parts: { muteTimings?: MuteTimingDefinition[]; templates?: NotificationTemplateDefinition[]; policies?: ReturnType<typeof route>[] } = {}): ProjectDefinition {
  return { name: 'team', knownMetrics: [], contactPoints: [contactPoint], muteTimings: [maintenance()], templates: [template()], policies: [route(['maintenance'])], ...parts };
}

describe('time intervals, as alertmanager timeinterval parses them', () => {
  it('gives the form Grafana returns: weekdays by name, months as numbers, one-value ranges collapsed', () => {
    expect(canonicalTimeInterval({ weekdays: ['Monday:Friday', 'sunday:sunday'], months: ['january:march', 'may'], days_of_month: ['1:1', '-3:-1'], times: [{ start_time: '09:00', end_time: '24:00' }] }))
      .toEqual({ weekdays: ['monday:friday', 'sunday'], months: ['1:3', '5'], days_of_month: ['1', '-3:-1'], times: [{ start_time: '09:00', end_time: '24:00' }] });
  });

  it("refuses what Grafana refuses, with alertmanager's words", () => {
    expect(timeIntervalProblems([{ times: [{ start_time: '9:00', end_time: '10:00' }] }])).toEqual(['time_intervals[0]: couldn\'t parse timestamp 9:00, invalid format']);
    expect(timeIntervalProblems([{ times: [{ start_time: '10:00', end_time: '09:00' }] }])).toEqual(['time_intervals[0]: start time cannot be equal or greater than end time']);
    expect(timeIntervalProblems([{ weekdays: ['funday'] }])).toEqual(['time_intervals[0]: funday is not a valid weekday']);
    expect(timeIntervalProblems([{ weekdays: ['friday:monday'] }])).toEqual(['time_intervals[0]: start day cannot be before end day']);
    expect(timeIntervalProblems([{ months: ['smarch'] }])).toEqual(['time_intervals[0]: smarch is not a valid month']);
    expect(timeIntervalProblems([{ months: ['march:january'] }])).toEqual(['time_intervals[0]: end month january is before start month march']);
    expect(timeIntervalProblems([{ days_of_month: ['0'] }])).toEqual(['time_intervals[0]: 0 is not a valid day of the month: out of range']);
    expect(timeIntervalProblems([{ location: 'Mars/Olympus' }])).toEqual(['time_intervals[0]: unknown time zone Mars/Olympus']);
    expect(timeIntervalProblems([{ location: 'Europe/London', years: ['2030:2031'] }])).toEqual([]);
  });
});

describe('notification templates: the checked subset of text/template', () => {
  const known = new Set(['team.message', 'default.title']);
  it('accepts balanced templates and calls of defined templates', () => {
    expect(templateProblems('t', '{{ define "t" }}{{ if .Alerts }}{{ range .Alerts }}{{ .Labels.x }}{{ end }}{{ else }}none{{ end }}{{ template "default.title" . }}{{ end }}', known)).toEqual([]);
    expect(templateProblems('t', 'plain {{/* a comment with }} in it */}} text', known)).toEqual([]);
  });
  it("refuses the subset's faults with Grafana's prefix", () => {
    expect(templateProblems('t', 'Level {{ .Labels.level', known)).toEqual(['invalid template: template: t:1: unclosed action']);
    expect(templateProblems('t', 'Level .Labels.level }}', known)).toEqual(['invalid template: template: t:1: unexpected "}}" outside an action (a "{{" is missing)']);
    expect(templateProblems('t', '{{ define "t" }}\n{{ if .Alerts }}x\n{{ end }}', known)).toEqual(['invalid template: template: t:3: unexpected EOF ({{define}} opened at line 1 has no {{end}})']);
    expect(templateProblems('t', 'x {{ end }}', known)).toEqual(['invalid template: template: t:1: unexpected {{end}}']);
    expect(templateProblems('t', '{{ template "nope" . }}', known)).toEqual([
      'invalid template: template: t:1: template "nope" not defined (define it in one of the project\'s templates, or call one Grafana defines)',
    ]);
  });
  it("normalises as Grafana rewrites: a template without define is wrapped in one, lines indented", () => {
    expect(grafanaTemplateContent('n', '  a\nb  ')).toBe('{{ define "n" }}\n  a\n  b\n{{ end }}');
    expect(notificationTemplate.normalise({ name: 'n', template: 'a' })).toEqual(notificationTemplate.normalise({ name: 'n', template: '{{ define "n" }}\n  a\n{{ end }}' }));
  });
});

describe('bad input: named, and nothing is written', () => {
  const errors = (p: ProjectDefinition) => validateProject(p, { rootDir: '/' }).filter((i) => i.severity === 'error').map((i) => `${i.where.join(' > ')}: ${i.message} [${i.rule}]`);
  it('an invalid mute timing, an undefined mute timing reference, a template outside the subset', () => {
    expect(errors(project({ muteTimings: [maintenance(['sunday:funday'])] }))).toEqual([
      'defs/alerting.ts > mute timing "maintenance": time_intervals[0]: funday is not a valid weekday (Grafana refuses it: fix the interval) [mute-timing-interval]',
    ]);
    expect(errors(project({ policies: [route(['maintenance', 'holidays'])] }))).toEqual([
      'defs/alerting.ts > policy route: mute_time_intervals names "holidays", which is not one of the project\'s mute timings: define it in muteTimings, or remove the reference [policy-mute-timing]',
    ]);
    expect(errors(project({ templates: [template('{{ if .Alerts }}x')] }))).toEqual([
      'defs/alerting.ts > notification template "team.message": invalid template: template: team.message:1: unexpected EOF ({{if}} opened at line 1 has no {{end}}) [template-syntax]',
    ]);
  });
});

describe('provisioned on the emulator: created, unchanged, drift, prune', () => {
  let emu: Emulator;
  beforeAll(async () => {
    // The order of writes is asserted on the classic paths (pinned with api: 'classic'); both transports: test/provision.
    emu = await emulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  it('creates the mute timing before the policy that references it, and the template; a second run writes nothing', async () => {
    const first = await provision({ api: 'classic', project: project(), client: testClient(emu) });
    expect(first.summary?.counts.failed ?? 0).toBe(0);
    const writes = writeLines(emu);
    expect(writes).toContain('POST /api/v1/provisioning/mute-timings');
    expect(writes).toContain('PUT /api/v1/provisioning/templates/team.message');
    expect(writes.indexOf('POST /api/v1/provisioning/mute-timings')).toBeLessThan(writes.indexOf('PUT /api/v1/provisioning/policies'));
    // Stored as Grafana stores them: months as numbers; the marker interval rides along; the template wrapped.
    const stored = alertmanagerObjects(emu.state).muteTimings.get('maintenance')!;
    expect(stored.time_intervals[0]).toEqual({ times: [{ start_time: '02:00', end_time: '04:00' }], weekdays: ['saturday'], months: ['1:3'] });
    expect(stored.time_intervals).toHaveLength(2);
    expect(alertmanagerObjects(emu.state).templates.get('team.message')!.template).toMatch(/^\{\{\/\* k2-grafana \{"owner":"k2-grafana\/team","hash":"[0-9a-f]{16}"\} \*\/\}\}\n\{\{ define "team.message" \}\}/);
    emu.clearLog();
    const second = await provision({ api: 'classic', project: project(), client: testClient(emu) });
    expect(writeLines(emu)).toEqual([]);
    expect(second.plan.changes.filter((c) => c.kind === 'mute-timing' || c.kind === 'notification-template').map((c) => c.action)).toEqual(['unchanged', 'unchanged']);
  });

  it('a change reads the same in plan, diff --live and the file diff', async () => {
    const after = project({ muteTimings: [maintenance(['saturday:sunday'])] });
    const planned = await provision({ api: 'classic', project: after, client: testClient(emu), dryRun: true });
    const change = planned.plan.changes.find((c) => c.kind === 'mute-timing')!;
    expect(change.action).toBe('update');
    const words = change.reasons.map((r) => r.summary);
    expect(words.join('\n')).toContain('saturday');
    const live = await reviewLive({ project: after, client: testClient(emu) });
    expect(live.objects.find((o) => o.kind === 'mute-timing')!.changes.map((c) => c.summary)).toEqual(words);
    const files = reviewArtifactSets(generate(project()), generate(after), { before: 'base', after: 'head' });
    expect(files.objects.find((o) => o.kind === 'mute-timing')!.changes.map((c) => c.summary)).toEqual(words);
  });

  it('an edit made in Grafana is drift, not overwritten', async () => {
    const record = alertmanagerObjects(emu.state).muteTimings.get('maintenance')!;
    record.time_intervals[0] = { ...record.time_intervals[0], weekdays: ['monday'] };
    const tpl = alertmanagerObjects(emu.state).templates.get('team.message')!;
    tpl.template = tpl.template.replace('Runbook', 'Handbook');
    const planned = await provision({ api: 'classic', project: project(), client: testClient(emu), dryRun: true });
    const byKind = (kind: string) => planned.plan.changes.find((c) => c.kind === kind)!;
    expect(byKind('mute-timing').action).toBe('drift');
    expect(byKind('notification-template').action).toBe('drift');
    const forced = await provision({ api: 'classic', project: project(), client: testClient(emu), force: true });
    expect(forced.summary?.counts.failed ?? 0).toBe(0);
    expect(alertmanagerObjects(emu.state).muteTimings.get('maintenance')!.time_intervals[0]!.weekdays).toEqual(['saturday']);
  });

  it('Grafana refuses to delete a mute timing the policy references (409), so prune removes the reference first', async () => {
    const client = testClient(emu);
    await expect(client.delete('/api/v1/provisioning/mute-timings/maintenance')).rejects.toMatchObject({ status: 409 });
    const none = project({ muteTimings: [], templates: [], policies: [] });
    // Kinds a project no longer uses are read only with --prune (src/plan/read-live.ts): without it nothing is said.
    const planned = await provision({ api: 'classic', project: none, client, dryRun: true, prune: true });
    expect(planned.plan.changes.filter((c) => ['policy', 'mute-timing', 'notification-template'].includes(c.kind)).map((c) => [c.kind, c.action]))
      .toEqual([['policy', 'delete'], ['mute-timing', 'delete'], ['notification-template', 'delete']]);
    emu.clearLog();
    const pruned = await provision({ api: 'classic', project: none, client, prune: true });
    expect(pruned.summary?.counts.failed ?? 0).toBe(0);
    const writes = writeLines(emu);
    expect(writes.indexOf('PUT /api/v1/provisioning/policies')).toBeLessThan(writes.indexOf('DELETE /api/v1/provisioning/mute-timings/maintenance'));
    expect(writes).toContain('DELETE /api/v1/provisioning/templates/team.message');
    expect(alertmanagerObjects(emu.state).muteTimings.size).toBe(0);
    expect(alertmanagerObjects(emu.state).templates.size).toBe(0);
  });

  it("never touches a mute timing or template someone else made", async () => {
    const client = testClient(emu);
    await client.post('/api/v1/provisioning/mute-timings', { name: 'theirs', time_intervals: [{ weekdays: ['monday'] }] });
    await client.put('/api/v1/provisioning/templates/theirs', { template: 'hello' });
    const pruned = await provision({ api: 'classic', project: project({ muteTimings: [], templates: [], policies: [] }), client, prune: true, dryRun: true });
    expect(pruned.plan.changes.filter((c) => c.key === 'theirs')).toEqual([]);
    expect(muteTiming.key({ name: 'theirs', time_intervals: [] })).toBe('theirs');
  });
});

describe('files: Grafana file-provisioning sections muteTimes and templates', () => {
  it('renders alerting/mute-timings.yaml and alerting/templates.yaml without markers, and parses them back', () => {
    const files = generate(project());
    expect(files.get('alerting/mute-timings.yaml')).toContain('muteTimes:');
    expect(files.get('alerting/templates.yaml')).toContain('templates:');
    const review = reviewArtifactSets(files, files, { before: 'a', after: 'b' });
    expect(review.objects.filter((o) => o.kind === 'mute-timing' || o.kind === 'notification-template').map((o) => [o.kind, o.key, o.status]))
      .toEqual([['mute-timing', 'maintenance', 'unchanged'], ['notification-template', 'team.message', 'unchanged']]);
    const doc = { muteTimes: [{ orgId: 1, name: 'm', time_intervals: [{ weekdays: ['monday'] }] }] } as JsonObject;
    expect(muteTiming.files!.parse(doc, 'f.yaml', { owner: 'o', entries: () => [] })).toEqual([{ source: 'f.yaml', spec: { name: 'm', time_intervals: [{ weekdays: ['monday'] }] } }]);
  });
});
