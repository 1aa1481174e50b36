import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { canonicalJson } from '../../src/render/canonical.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';
import { runCliCaptured } from '../support/cli.js';
import { ownFixtures, repoRoot, sharedDashboards, tempProject } from './temp-project.js';

/**
 * `k2-grafana import` end to end (issue 17): in a project `init` made, dashboards go in, generate and check pass,
 * the regenerated JSON equals the originals canonically, and the generated code typechecks with init's strict
 * settings. Bad input is refused naming the file, with the documented exit code, and nothing is written.
 */
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
const project = (options?: Parameters<typeof tempProject>[0]) => {
  const dir = tempProject(options);
  made.push(dir);
  return dir;
};

function run(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/k2-grafana.js'), ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const withoutServerFields = (text: string) => {
  const { id: _id, version: _version, iteration: _iteration, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return canonicalJson(rest);
};

/** Every JSON dashboard generate wrote, by uid. */
function generatedByUid(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const root = join(dir, 'provisioning/dashboards');
  for (const folder of readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    for (const file of readdirSync(join(root, folder.name))) {
      const text = readFileSync(join(root, folder.name, file), 'utf8');
      out.set(String((JSON.parse(text) as { uid: string }).uid), text);
    }
  }
  return out;
}

describe('k2-grafana import, spawned in a project init made', () => {
  let dir = '';
  beforeAll(async () => {
    dir = project({ scaffold: false });
    const init = await run(['init', '--metric', 'up'], dir);
    expect(init.status, init.stderr).toBe(0);
  }, 120_000);

  it('imports every fixture (files, a folder, a ConfigMapList); generate and check pass; the JSON comes back exactly', async () => {
    const imported = await run(['import', sharedDashboards, ...readdirSync(ownFixtures).filter((f) => /\.(json|yaml)$/.test(f)).map((f) => join(ownFixtures, f))], dir);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/22 imported: 22 exact, 0 inexact/);
    expect(imported.stdout).toContain('lint finding(s) excluded');
    const generate = await run(['generate'], dir);
    expect(generate.status, generate.stderr).toBe(0);
    const check = await run(['check'], dir);
    expect(check.status, `${check.stdout}\n${check.stderr}`).toBe(0);

    const regenerated = generatedByUid(dir);
    const originals = [
      ...readdirSync(sharedDashboards).map((f) => readFileSync(join(sharedDashboards, f), 'utf8')),
      ...readdirSync(ownFixtures).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(ownFixtures, f), 'utf8')),
    ];
    for (const text of originals) {
      const uid = (JSON.parse(text) as { uid: string }).uid;
      expect(regenerated.has(uid), uid).toBe(true);
      expect(regenerated.get(uid), uid).toBe(withoutServerFields(text));
    }
    // The exclusions the import recorded are its own, in the generated index: the hand-written config is untouched.
    expect(readFileSync(join(dir, 'k2-grafana.config.ts'), 'utf8')).not.toContain('imported');
    const index = readFileSync(join(dir, 'grafana/imported/index.ts'), 'utf8');
    expect(index).toContain("reason: 'imported; not yet reviewed'");
    // Formatted like the modules: the project's prettier (the importer's settings) leaves the index as it is.
    const prettier = await import('prettier');
    expect(await prettier.format(index, { parser: 'typescript', singleQuote: true, printWidth: 120, trailingComma: 'all' })).toBe(index);
  }, 300_000);

  it('the generated code passes the strict typecheck init sets up', async () => {
    // The library is linked as source here (no .d.ts), so its own files need Node's types; a packed install has .d.ts.
    const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    expect(tsconfig.compilerOptions.strict).toBe(true);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, compilerOptions: { ...tsconfig.compilerOptions, types: ['node'] } }));
    const tsc = await new Promise<{ status: number | null; out: string }>((resolve) => {
      const child = spawn(join(repoRoot, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--noEmit'], { cwd: dir });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('close', (status) => resolve({ status, out }));
    });
    expect(tsc.out).toBe('');
    expect(tsc.status).toBe(0);
  }, 300_000);

  it('importing the same input again rewrites byte-identical files', async () => {
    const index = join(dir, 'grafana/imported/index.ts');
    const before = readFileSync(index, 'utf8');
    const panel = join(dir, 'grafana/imported/kubernetes-views-nodes/panels/cpu-usage.ts');
    const panelBefore = readFileSync(panel, 'utf8');
    const again = await run(['import', join(sharedDashboards, 'k8s-views-nodes.json')], dir);
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(index, 'utf8')).toBe(before);
    expect(readFileSync(panel, 'utf8')).toBe(panelBefore);
  }, 120_000);
});

describe('k2-grafana import: bad input writes nothing', () => {
  const dir = project();
  const bad = join(dir, 'inputs');
  mkdirSync(bad);
  writeFileSync(join(bad, 'broken.json'), '{ "title": "half');
  writeFileSync(join(bad, 'not-a-dashboard.json'), JSON.stringify({ name: 'a datasource', type: 'prometheus' }));
  writeFileSync(join(bad, 'no-uid.json'), JSON.stringify({ title: 'No uid', panels: [] }));
  const nothingWritten = () => expect(existsSync(join(dir, 'grafana/imported'))).toBe(false);

  it.each([
    ['not JSON', ['import', join(bad, 'broken.json')], /inputs\/broken\.json: not JSON/, ExitCode.DataError],
    ['JSON that is not a dashboard', ['import', join(bad, 'not-a-dashboard.json')], /inputs\/not-a-dashboard\.json: not a dashboard: it has no panels or rows \(top-level keys: name, type\)/, ExitCode.DataError],
    ['a dashboard without a uid', ['import', join(bad, 'no-uid.json')], /no-uid\.json: dashboard "No uid" has no uid/, ExitCode.DataError],
    ['--datasource-variable naming a variable the dashboard lacks', ['import', '--datasource-variable', 'ds', join(ownFixtures, 'mixed-datasources.json')], /mixed-datasources\.json: --datasource-variable ds: the dashboard has no variable "ds"/, ExitCode.DataError],
    ['one bad file among good ones', ['import', join(ownFixtures, 'variables.json'), join(bad, 'broken.json')], /1 input\(s\) refused, nothing was written/, ExitCode.DataError],
    ['an output folder outside the project', ['import', '--out', '../elsewhere', join(ownFixtures, 'variables.json')], /is outside the project/, ExitCode.Usage],
    ['a file that does not exist', ['import', join(bad, 'missing.json')], /missing\.json: no such file/, ExitCode.NoInput],
    ['--uid without --live', ['import', '--uid', 'x'], /add --live/, ExitCode.Usage],
  ])('%s', async (_name, args, message, code) => {
    const result = await runCliCaptured(args, { cwd: dir });
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(code);
    nothingWritten();
  }, 60_000);

  it('a uid the hand-written definitions use is refused, even with --overwrite; one imported from elsewhere needs --overwrite', async () => {
    const handWritten = join(bad, 'clash.json');
    writeFileSync(handWritten, JSON.stringify({ title: 'Clash', uid: 'team-overview', panels: [] }));
    const clash = await runCliCaptured(['import', '--overwrite', handWritten], { cwd: dir });
    expect(clash.code).toBe(ExitCode.DataError);
    expect(clash.stderr).toMatch(/clash\.json: dashboard uid "team-overview" is already defined by the hand-written definitions/);
    nothingWritten();

    const first = await runCliCaptured(['import', join(ownFixtures, 'variables.json')], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const copy = join(bad, 'variables-copy.json');
    writeFileSync(copy, readFileSync(join(ownFixtures, 'variables.json')));
    const index = readFileSync(join(dir, 'grafana/imported/imported.json'), 'utf8');
    const refused = await runCliCaptured(['import', copy], { cwd: dir });
    expect(refused.code).toBe(ExitCode.DataError);
    expect(refused.stderr).toMatch(/variables-copy\.json: dashboard uid "imp-variables" was imported earlier from/);
    expect(readFileSync(join(dir, 'grafana/imported/imported.json'), 'utf8')).toBe(index);
    const replaced = await runCliCaptured(['import', '--overwrite', copy], { cwd: dir });
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(readFileSync(join(dir, 'grafana/imported/imported.json'), 'utf8')).toContain('inputs/variables-copy.json');
  }, 120_000);

  it('an alerting file goes to the alerting importer, or is refused clearly where this build has none', async () => {
    const alertingFile = join(repoRoot, '../shared/fixtures/alerting/nixpkgs-test-templates.yaml');
    const result = await runCliCaptured(['import', alertingFile], { cwd: dir });
    if (existsSync(join(repoRoot, 'src/import/alerting/index.ts'))) {
      expect(result.code, result.stderr).toBe(0);
    } else {
      expect(result.stderr).toMatch(/alerting import is not available in this build \(.*nixpkgs-test-templates\.yaml\)/);
      expect(result.code).toBe(ExitCode.Usage);
    }
  }, 60_000);

  it('--output json reports per dashboard: panels, raw parts with path and reason, inexact items, lint findings', async () => {
    const result = await runCliCaptured(['import', '--output', 'json', join(ownFixtures, 'transformations-overrides.json')], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { objects: { key: string; parts: number; raw: { path: string; reason: string }[]; inexact: unknown[] }[]; counts: Record<string, number> };
    expect(report.objects).toHaveLength(1);
    expect(report.objects[0]).toMatchObject({ key: 'imp-transformations', parts: 1, inexact: [] });
    for (const part of report.objects[0]!.raw) expect(part).toEqual({ path: expect.any(String), reason: expect.any(String) });
    expect(report.counts).toMatchObject({ objects: 1, exact: 1, inexact: 0 });
  }, 60_000);
});

describe('k2-grafana import --live', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ seed: 17 });
    const post = (body: unknown, path = '/api/dashboards/db') => fetch(`${emu.url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${emu.adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ uid: 'payments', title: 'Payments' }, '/api/folders')).status).toBe(200);
    for (const file of ['collapsed-rows-repeats.json', 'links-annotations.json']) {
      const dashboard = JSON.parse(readFileSync(join(ownFixtures, file), 'utf8')) as Record<string, unknown>;
      delete dashboard.id;
      delete dashboard.version;
      const res = await post({ dashboard, folderUid: 'payments', overwrite: true });
      expect(res.status, await res.text()).toBe(200);
    }
  }, 60_000);
  afterAll(async () => {
    await emu?.close();
  });
  const env = () => ({ GRAFANA_URL: emu.url, GRAFANA_TOKEN: emu.adminToken });

  it('--folder by title imports every dashboard of the folder as Grafana serves it', async () => {
    const dir = project();
    const result = await runCliCaptured(['import', '--live', '--folder', 'Payments'], { cwd: dir, env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/from grafana:imp-links-annotations/);
    expect(result.stdout).toMatch(/from grafana:imp-rows-repeats/);
    expect(result.stdout).toMatch(/2 imported: 2 exact, 0 inexact/);
  }, 120_000);

  it('--api chooses the transport as for provision (issue 16): app-platform reads through dashboard.grafana.app, the choice is in --output json; both give the same code', async () => {
    const viaApp = project();
    emu.requests.length = 0;
    const app = await runCliCaptured(['import', '--live', '--uid', 'imp-links-annotations', '--api', 'app-platform', '--output', 'json'], { cwd: viaApp, env: env() });
    expect(app.code, app.stderr).toBe(0);
    const report = JSON.parse(app.stdout) as { apis: { kind: string; api: string; apiVersion?: string }[]; counts: { exact: number } };
    expect(report.apis).toContainEqual(expect.objectContaining({ kind: 'dashboard', api: 'app-platform', apiVersion: expect.stringMatching(/^dashboard\.grafana\.app\//) }));
    expect(report.counts.exact).toBe(1);
    expect(emu.requests.some((r) => r.method === 'GET' && r.path.startsWith('/apis/dashboard.grafana.app/'))).toBe(true);
    expect(emu.requests.some((r) => r.path.startsWith('/api/dashboards/uid/'))).toBe(false);

    const viaClassic = project();
    const classic = await runCliCaptured(['import', '--live', '--uid', 'imp-links-annotations', '--api', 'classic', '--output', 'json'], { cwd: viaClassic, env: env() });
    expect(classic.code, classic.stderr).toBe(0);
    expect((JSON.parse(classic.stdout) as typeof report).apis).toContainEqual(expect.objectContaining({ kind: 'dashboard', api: 'classic' }));
    // Every generated file alike: the transport changes how Grafana is read, never what the import writes.
    const filesOf = (dir: string) => Object.fromEntries((readdirSync(join(dir, 'grafana/imported'), { recursive: true }) as string[]).sort()
      .filter((f) => statSync(join(dir, 'grafana/imported', f)).isFile()).map((f) => [f, readFileSync(join(dir, 'grafana/imported', f), 'utf8')]));
    // One difference, Grafana's own: 12.x reads a classic-saved dashboard through v1beta1 by converting it from
    // v0alpha1, which migrates schemaVersion 39 to the newest (docs/app-platform.md), so that import holds the builder's.
    expect(Object.keys(filesOf(viaApp)).length).toBeGreaterThan(2);
    const unmigrated = Object.fromEntries(Object.entries(filesOf(viaClassic)).map(([f, text]) => [f, text.replace('{ schemaVersion: 39 }', '{}')]));
    expect(filesOf(viaApp)).toEqual(unmigrated);
  }, 120_000);

  it('--uid of a dashboard Grafana does not have is named, with the not-found (no input) exit code, writing nothing', async () => {
    const dir = project();
    const result = await runCliCaptured(['import', '--live', '--uid', 'nope'], { cwd: dir, env: env() });
    expect(result.stderr).toMatch(/Grafana has no dashboard with uid "nope"/);
    expect(result.code).toBe(ExitCode.NoInput);
    expect(existsSync(join(dir, 'grafana/imported'))).toBe(false);
  }, 60_000);
});

describe('k2-grafana import: progress', () => {
  it('shows a progress line on a terminal for more than ten dashboards, and none with --output json', async () => {
    const dir = project();
    const tty = await runCliCaptured(['import', sharedDashboards], { cwd: dir, isTTY: true });
    expect(tty.code, tty.stderr).toBe(0);
    expect(tty.stderr).toContain('importing dashboards: 12/12\n');
    expect(tty.stderr).toContain('\rimporting dashboards: 1/12');
    const json = await runCliCaptured(['import', '--output', 'json', join(sharedDashboards, 'kong-official.json'), join(sharedDashboards, 'thanos-store.json')], { cwd: dir, isTTY: true });
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).not.toContain('importing dashboards');
  }, 300_000);
});
