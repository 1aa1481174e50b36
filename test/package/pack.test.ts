import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hits, k2Names } from '../k2/k2-names.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';
import { commands, snippets } from './doc-snippets.js';

/**
 * The package as a second team gets it (issue 10 "Done when"): build, `npm pack`, install the tarball into an empty
 * folder outside the repository (offline, from npm's cache) with no TypeScript toolchain of its own, then `init`,
 * swap the example's metric for theirs, add a second dashboard and a rule in TypeScript, and generate, check, plan
 * and provision against the emulator twice. Nothing of K2 may appear in what it writes or prints.
 */
const root = join(import.meta.dirname, '../..');
const tsc = join(root, 'node_modules/.bin/tsc');
const work = mkdtempSync(join(tmpdir(), 'k2g-pack-'));
const app = join(work, 'app');
let tarballPath = '';
/** Each step spawns npm, node or tsc; on a loaded 2-core machine tsc alone can take a minute. */
const STEP_TIMEOUT = 300_000;
let emu: Emulator;
const printed: string[] = [];

interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A child process, awaited without blocking: the emulator answering it runs in this process. */
function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    // No tsx or TypeScript on PATH: the user's project has neither.
    const child = spawn(command, args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? work, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 540_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      printed.push(stdout, stderr);
      resolve({ status, stdout, stderr });
    });
  });
}
function ok(result: Ran, what: string): string {
  if (result.status !== 0) throw new Error(`${what} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}
const bin = () => join(app, 'node_modules/.bin/k2-grafana');
const grafanaEnv = () => ({ GRAFANA_URL: emu.url, GRAFANA_TOKEN: emu.adminToken });

beforeAll(async () => {
  emu = await startEmulator({ seed: 11 });
  ok(await run('npm', ['run', 'build'], root), 'npm run build');
  ok(await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], root), 'npm pack');
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack produced no tarball');
  tarballPath = join(work, tarball);
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'queue-team', private: true, type: 'module' }));
  await installTarball(app);
  printed.length = 0; // npm's own chatter is not ours
}, 600_000);

/** `npm install k2-grafana` as a user runs it, from the packed tarball (offline, from npm's cache, where it can). */
async function installTarball(cwd: string): Promise<void> {
  const install = (mode: string) => run('npm', ['install', mode, '--no-audit', '--no-fund', tarballPath], cwd);
  // Dependencies missing from the local cache: fetch only those.
  if ((await install('--offline')).status !== 0) ok(await install('--prefer-offline'), 'npm install of the tarball');
}

afterAll(async () => {
  await emu?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('npm pack: a second team adopts the package', () => {
  it('the public API report (api/k2-grafana.api.md) is current: a change to the exported surface shows in review', async () => {
    const extractor = join(root, 'node_modules/.bin/api-extractor');
    const result = await run(extractor, ['run'], root);
    expect(result.status, `${result.stdout}\n${result.stderr}\nThe public API changed: run \`npm run api-report\` and commit api/.`).toBe(0);
  }, STEP_TIMEOUT);

  it('ships compiled JavaScript, declarations and the bin; no TypeScript sources and nothing of K2', async () => {
    const pkg = join(app, 'node_modules/k2-grafana');
    const listing = ok(await run('find', ['.', '-type', 'f'], pkg), 'find').split('\n');
    expect(listing).toContain('./dist/src/index.js');
    expect(listing).toContain('./dist/src/index.d.ts');
    expect(listing).toContain('./dist/src/config/index.js');
    expect(listing).toContain('./bin/k2-grafana.js');
    expect(listing.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(listing.filter((f) => /dashboards\/|k2\//.test(f) && !f.startsWith('./docs/'))).toEqual([]);
  }, STEP_TIMEOUT);

  it('without a config, a verb that needs definitions says so and exits 64', async () => {
    const result = await run(bin(), ['generate'], app);
    expect(result.status).toBe(64);
    expect(result.stderr).toContain('no k2-grafana.config.ts');
  }, STEP_TIMEOUT);

  it('init, then the team makes it theirs: generate, check, plan and provision, and a second provision writes nothing', async () => {
    ok(await run(bin(), ['init', '--metric', 'app_queue_depth'], app), 'k2-grafana init');
    // Their own metric instead of the example's.
    for (const file of ['grafana/service-dashboard.ts', 'grafana/alerts.ts', 'grafana/index.ts', 'docs/runbooks.md']) {
      const path = join(app, file);
      writeFileSync(path, readFileSync(path, 'utf8').replaceAll('app_queue_depth', 'jobs_waiting'));
    }
    // A second dashboard and a second rule, in TypeScript.
    writeFileSync(
      join(app, 'grafana/workers-dashboard.ts'),
      [
        "import { DashboardBuilder, DatasourceVariableBuilder } from '@grafana/grafana-foundation-sdk/dashboard';",
        "import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';",
        "import { defineDashboard, keyedPanel, promQuery } from 'k2-grafana';",
        'export const workersDashboard = (folderUid: string) => defineDashboard({',
        "  source: 'grafana/workers-dashboard.ts', folderUid,",
        "  dashboard: new DashboardBuilder('Workers').uid('queue-team-workers').refresh('30s')",
        "    .withVariable(new DatasourceVariableBuilder('datasource').type('prometheus'))",
        "    .withPanel(keyedPanel('busy', new TimeseriesBuilder().title('Busy workers').description('Workers running a job.').unit('short')",
        "      .withTarget(promQuery('sum(workers_busy)')))),",
        '});',
      ].join('\n'),
    );
    const index = join(app, 'grafana/index.ts');
    writeFileSync(
      index,
      readFileSync(index, 'utf8')
        .replace("import { datasourceUid, serviceDashboard } from './service-dashboard.js';", "import { datasourceUid, serviceDashboard } from './service-dashboard.js';\nimport { workersDashboard } from './workers-dashboard.js';")
        .replace('dashboards: [serviceDashboard(folderUid)],', 'dashboards: [serviceDashboard(folderUid), workersDashboard(folderUid)],')
        .replace("knownMetrics: ['jobs_waiting'],", "knownMetrics: ['jobs_waiting', 'workers_busy'],"),
    );
    const alerts = join(app, 'grafana/alerts.ts');
    writeFileSync(
      alerts,
      readFileSync(alerts, 'utf8').replace(
        '    ],\n  };',
        [
          '      {',
          "        uid: 'queue-team-no-workers', title: 'No busy workers', alertName: 'NoBusyWorkers', query: 'sum(workers_busy)',",
          "        op: 'lt', value: 1, for: '10m', noDataState: 'Alerting', execErrState: 'Error', severity: 'critical',",
          "        summary: 'No worker is busy', description: 'sum(workers_busy) has been below 1 for 10 minutes.', runbookAnchor: 'no-busy-workers',",
          '      },',
          '    ],\n  };',
        ].join('\n'),
      ),
    );
    writeFileSync(join(app, 'docs/runbooks.md'), `${readFileSync(join(app, 'docs/runbooks.md'), 'utf8')}\n## No busy workers\n\nRestart the worker pool.\n`);

    expect(ok(await run(bin(), ['generate'], app), 'generate')).toMatch(/provisioning\/: \d+ written/);
    expect(ok(await run(bin(), ['check'], app), 'check')).toContain('up to date');
    const dashboards = readdirSync(join(app, 'provisioning/dashboards/queue-team')).sort();
    expect(dashboards).toEqual(['queue-team-overview.json', 'queue-team-workers.json']);
    expect(readFileSync(join(app, 'provisioning/alerting/rule-groups.yaml'), 'utf8')).toContain('jobs_waiting');

    const plan = JSON.parse(ok(await run(bin(), ['plan', '--output', 'json'], app, grafanaEnv()), 'plan'));
    expect(plan.plan.counts.create).toBeGreaterThanOrEqual(5); // folder, datasource, 2 dashboards, rule group
    ok(await run(bin(), ['provision'], app, grafanaEnv()), 'provision');
    expect(emu.state.dashboards.size).toBe(2);
    emu.clearLog();
    const second = JSON.parse(ok(await run(bin(), ['provision', '--output', 'json'], app, grafanaEnv()), 'second provision'));
    expect(emu.writes()).toEqual([]);
    expect(second.summary.counts).toMatchObject({ created: 0, updated: 0, deleted: 0 });
  }, STEP_TIMEOUT);

  it('the generated project type-checks with its own tsconfig', async () => {
    const result = await run(tsc, ['-p', 'tsconfig.json'], app);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, STEP_TIMEOUT);

  it('nothing of K2 appears in anything it wrote or printed', async () => {
    // npm's lock file is npm's (it names graceful-fs, say), not ours.
    const written = ok(await run('find', ['.', '-type', 'f', '-not', '-path', './node_modules/*', '-not', '-name', 'package-lock.json'], app), 'find').split('\n').filter(Boolean);
    // The same rule, from the same catalog-derived list, that holds src/ free of K2 (test/k2/k2-names.ts).
    const names = k2Names();
    expect(written.flatMap((file) => hits(file, readFileSync(join(app, file), 'utf8'), names))).toEqual([]);
    expect(hits('output', printed.join('\n'), names)).toEqual([]);
  }, STEP_TIMEOUT);

  // After the K2-name check, which holds what k2-grafana itself writes: imported text is the team's own.
  it('the installed package imports a dashboard and an alerting file with no dev tool (esbuild, jiti and prettier are its own)', async () => {
    const fixtures = join(root, '../shared/fixtures');
    const imported = ok(await run(bin(), ['import', join(fixtures, 'dashboards/otel-demo-apm.json'), join(fixtures, 'alerting/otel-demo-contact-points-policies.yaml')], app), 'import');
    expect(imported).toMatch(/imported: \d+ exact, 0 inexact/);
    expect(ok(await run(bin(), ['generate'], app), 'generate after import')).toMatch(/provisioning\/: \d+ written/);
    expect(ok(await run(bin(), ['check'], app), 'check after import')).toContain('up to date');
    // The imported code type-checks against the installed package's declarations.
    const typecheck = await run(tsc, ['-p', 'tsconfig.json'], app);
    expect(typecheck.stdout + typecheck.stderr).toBe('');
    expect(typecheck.status).toBe(0);
  }, STEP_TIMEOUT);
});

/**
 * docs/getting-started.md, run as written: every `sh` line in order (`npm install k2-grafana` installs the packed
 * tarball; `export`ed Grafana settings point at the emulator), every `path=` block written (or appended) as shown.
 */
describe('docs/getting-started.md runs as written', () => {
  const doc = readFileSync(join(root, 'docs/getting-started.md'), 'utf8');
  const project = join(work, 'my-grafana');

  it('every snippet, in order, succeeds; the second provision writes nothing', async () => {
    mkdirSync(project);
    const env: Record<string, string> = {};
    const blocks = snippets(doc);
    expect(blocks.filter((b) => b.lang === 'sh').length).toBeGreaterThanOrEqual(4);
    let provisions = 0;
    for (const block of blocks) {
      const where = `docs/getting-started.md:${block.line}`;
      if (block.path) {
        const path = join(project, block.path);
        writeFileSync(path, block.flags.includes('append') ? `${readFileSync(path, 'utf8')}\n${block.body}` : block.body);
        continue;
      }
      expect(block.lang, where).toBe('sh');
      for (const [command, ...args] of commands(block)) {
        if (command === 'export') {
          // The doc's placeholders become the emulator's address and token.
          for (const assignment of args) env[assignment.split('=')[0]!] = '';
          env.GRAFANA_URL = emu.url;
          env.GRAFANA_TOKEN = emu.adminToken;
        } else if (command === 'npm' && args.join(' ') === 'install k2-grafana') {
          await installTarball(project);
        } else if (command === 'npm' || command === 'npx') {
          if (args[1] === 'provision') {
            provisions += 1;
            emu.clearLog();
          }
          ok(await run(command, args, project, env), `${where}: ${command} ${args.join(' ')}`);
          if (args[1] === 'provision' && provisions === 2) expect(emu.writes(), `${where}: second provision`).toEqual([]);
        } else {
          throw new Error(`${where}: the test does not know how to run "${command}"`);
        }
      }
    }
    expect(provisions).toBe(2);
    expect(emu.state.dashboards.has('my-grafana-overview')).toBe(true);
  }, 600_000);

  it('docs/library.md: every snippet written into that project, each `run` one run, and the project type-checks', async () => {
    const env = { GRAFANA_URL: emu.url, GRAFANA_TOKEN: emu.adminToken };
    const blocks = snippets(readFileSync(join(root, 'docs/library.md'), 'utf8'));
    expect(blocks.filter((b) => b.flags.includes('run')).length).toBeGreaterThanOrEqual(3);
    const outputs: string[] = [];
    for (const block of blocks) {
      const where = `docs/library.md:${block.line}`;
      expect(block.path, `${where}: every snippet names the file it is`).toBeDefined();
      mkdirSync(dirname(join(project, block.path!)), { recursive: true });
      writeFileSync(join(project, block.path!), block.body);
      if (block.flags.includes('run')) outputs.push(ok(await run('npx', ['jiti', block.path!], project, env), where));
    }
    expect(outputs.join('')).toMatch(/\d+ files, 0 stale/);
    expect(outputs.join('')).toContain('pending: false');
    expect(outputs.join('')).toContain('annotation: sent');
    const typecheck = await run(tsc, ['-p', 'tsconfig.json'], project);
    expect(typecheck.stdout + typecheck.stderr).toBe('');
    // The library wrote what the CLI writes: the CLI's check still passes.
    ok(await run('npx', ['k2-grafana', 'check'], project), 'check after the library snippets');
  }, 600_000);
});
