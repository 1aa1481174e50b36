import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as users get it: build, `npm pack`, install the tarball into an empty project (offline, from npm's
 * cache), then use it from plain JavaScript, from TypeScript against its .d.ts, and through its bin.
 */
const root = join(import.meta.dirname, '../..');
const tsc = join(root, 'node_modules/.bin/tsc');
const work = mkdtempSync(join(tmpdir(), 'k2-pack-'));
const app = join(work, 'app');
/** Each step spawns npm, node or tsc; on a loaded 2-core machine tsc alone can take a minute. */
const STEP_TIMEOUT = 300_000;

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 540_000, env: { ...process.env, NO_COLOR: '1' } });
}
function ok(result: SpawnSyncReturns<string>, what: string): string {
  if (result.status !== 0) throw new Error(`${what} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

beforeAll(() => {
  ok(run('npm', ['run', 'build'], root), 'npm run build');
  ok(run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], root), 'npm pack');
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack produced no tarball');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-smoke', private: true, type: 'module' }));
  const install = (mode: string) => run('npm', ['install', mode, '--no-audit', '--no-fund', join(work, tarball)], app);
  const offline = install('--offline');
  // Dependencies missing from the local cache: fetch only those.
  if (offline.status !== 0) ok(install('--prefer-offline'), 'npm install of the tarball');
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack smoke test', () => {
  it('ships compiled JavaScript, declarations, the K2 definitions and runbooks, and no TypeScript sources', () => {
    const pkg = join(app, 'node_modules/k2-grafana');
    const listing = ok(run('find', ['.', '-type', 'f'], pkg), 'find').split('\n');
    expect(listing).toContain('./dist/src/index.js');
    expect(listing).toContain('./dist/src/index.d.ts');
    expect(listing).toContain('./dist/dashboards/index.js');
    expect(listing).toContain('./dist/dashboards/catalog.d.ts');
    expect(listing).toContain('./docs/runbooks.md');
    expect(listing.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  }, STEP_TIMEOUT);

  it('works from plain JavaScript: generates exactly the committed provisioning/', () => {
    writeFileSync(
      join(app, 'smoke.mjs'),
      [
        "import { generate, validateProject, panelIdFromKey } from 'k2-grafana';",
        "import { project, prometheusRules, levels } from 'k2-grafana/dashboards';",
        "const rootDir = new URL('./node_modules/k2-grafana/', import.meta.url).pathname;",
        'const artifacts = generate(project, { prometheusRules });',
        'console.log(JSON.stringify({',
        '  files: Object.fromEntries(artifacts),',
        '  issues: validateProject(project, { rootDir }),',
        '  levels: levels.map((l) => l.name),',
        "  id: panelIdFromKey('consumer-lag'),",
        '}));',
      ].join('\n'),
    );
    const result = JSON.parse(ok(run(process.execPath, ['smoke.mjs'], app), 'node smoke.mjs'));
    expect(result.issues).toEqual([]);
    expect(result.levels).toEqual(['NORMAL', 'LIGHT', 'MODERATE', 'SEVERE', 'CRITICAL']);
    expect(result.id).toBeGreaterThan(0);
    for (const [path, content] of Object.entries(result.files as Record<string, string>)) {
      expect(content, path).toBe(readFileSync(join(root, 'provisioning', path), 'utf8'));
    }
    expect(Object.keys(result.files)).toContain('dashboards/k2/k2-degradation.json');
  }, STEP_TIMEOUT);

  it('type-checks a TypeScript consumer against the .d.ts (and the types are real, not any)', () => {
    writeFileSync(
      join(app, 'smoke.ts'),
      [
        "import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';",
        "import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';",
        "import { defineDashboard, generate, keyedPanel, promQuery, type ArtifactSet, type ThresholdRule } from 'k2-grafana';",
        "import { buildProject, type Catalog } from 'k2-grafana/dashboards';",
        'const dashboard = defineDashboard({',
        "  source: 'smoke.ts',",
        "  folderUid: 'smoke',",
        "  dashboard: new DashboardBuilder('Smoke').uid('smoke').withPanel(keyedPanel('up', new StatBuilder().title('Up').withTarget(promQuery('up')))),",
        '});',
        'const project = { ...buildProject(), dashboards: [dashboard] };',
        'const files: ArtifactSet = generate(project);',
        "const rule: Pick<ThresholdRule, 'op' | 'value'> = { op: 'gte', value: 1 };",
        "const threshold: Catalog['levels'][number]['lagTrigger'] = 5;",
        '// @ts-expect-error a project is required',
        "generate('not a project');",
        '// @ts-expect-error threshold ops are a closed set',
        "const wrong: ThresholdRule['op'] = 'greater';",
        'export { files, rule, threshold, wrong };',
      ].join('\n'),
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(root, 'node_modules/@types')],
        },
        files: ['smoke.ts'],
      }),
    );
    const result = run(tsc, ['-p', 'tsconfig.json'], app);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, STEP_TIMEOUT);

  it('runs its bin: generate then check from the installed package', () => {
    const bin = join(app, 'node_modules/.bin/k2-grafana');
    expect(ok(run(bin, ['--help'], app), 'k2-grafana --help')).toContain('generate');
    expect(ok(run(bin, ['generate', '--out', 'provisioning'], app), 'k2-grafana generate')).toContain('7 written');
    expect(ok(run(bin, ['check', '--out', 'provisioning'], app), 'k2-grafana check')).toContain('up to date');
    expect(readFileSync(join(app, 'provisioning/dashboards/k2/k2-degradation.json'), 'utf8')).toBe(
      readFileSync(join(root, 'provisioning/dashboards/k2/k2-degradation.json'), 'utf8'),
    );
  }, STEP_TIMEOUT);
});
