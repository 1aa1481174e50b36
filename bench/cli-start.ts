/**
 * CLI start-up benchmark (issue 11; not a test). Median whole-process wall times, measured side by side in one run
 * (each round runs every command once, in turn, so load on this shared machine falls on all of them alike), each as
 * a ratio to its baseline:
 *   installed bin `--help`                         / `node -e 0`
 *   installed bin `check` of the K2 project          / `node -e 0`
 *   installed bin `plan`, nothing to do, its own start (the `--help` time) taken out / `node -e 0`
 *   `npm run check` in this repository               / `npm run` of a script running `node -e 0`
 * "Installed" is the packed package in a temporary folder; K2's project there is its definitions compiled to
 * JavaScript (esbuild), importing the package by name, as another team's compiled definitions would.
 * Run: npm run bench:cli-start [-- --rounds N]
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 15;

function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
}

/** Wall time of one whole process, in ms; it must exit 0. */
function time(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The emulator in its own process, as Grafana runs apart from the CLI (and spawnSync would block one in ours). */
async function startEmulatorProcess(): Promise<{ url: string; adminToken: string; close: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/emulator/serve.ts'), '--seed', '5'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (/GRAFANA_TOKEN=\S+\n/.test(out)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`emulator exited ${code}`)));
  });
  const url = /GRAFANA_URL=(\S+)/.exec(out)![1]!;
  const adminToken = /GRAFANA_TOKEN=(\S+)/.exec(out)![1]!;
  return { url, adminToken, close: async () => void child.kill('SIGTERM') };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(os.tmpdir(), 'k2g-cli-start-'));
  const emu = await startEmulatorProcess();
  try {
    process.stderr.write('building and packing the package...\n');
    sh('npm', ['run', 'build'], root);
    sh('npm', ['pack', '--ignore-scripts', '--pack-destination', work], root);
    const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'cli-start', private: true, type: 'module' }));
    const install = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: app });
    if (install.status !== 0) sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], app);

    // K2's definitions as compiled JavaScript importing the package by name (what `dashboards/` would publish).
    const entries = ['dashboards/index.ts', 'dashboards/lint-policy.ts'].map((f) => join(root, f));
    await build({
      entryPoints: entries, outdir: app, outbase: root, bundle: true, format: 'esm', platform: 'node', target: 'node20',
      packages: 'external', logLevel: 'error',
      plugins: [{
        name: 'library-by-name',
        setup(b) {
          // The library itself is the installed package, not a bundled copy of the sources.
          b.onResolve({ filter: /\/src\/(index|config\/index)\.js$/ }, (args) => ({ path: args.path.includes('config') ? 'k2-grafana/config' : 'k2-grafana', external: true }));
        },
      }],
    });
    writeFileSync(join(app, 'k2-grafana.config.js'), [
      "import { defineConfig } from 'k2-grafana/config';",
      "import { k2LintPolicy } from './dashboards/lint-policy.js';",
      "export default defineConfig({ definitions: './dashboards/index.js', out: 'provisioning', lint: k2LintPolicy });",
    ].join('\n'));
    cpSync(join(root, 'provisioning'), join(app, 'provisioning'), { recursive: true });
    mkdirSync(join(app, 'docs'), { recursive: true });
    cpSync(join(root, 'docs/runbooks.md'), join(app, 'docs/runbooks.md'));

    const bin = join(app, 'node_modules/.bin/k2-grafana');
    const env = { ...process.env, NO_COLOR: '1', GRAFANA_URL: emu.url, GRAFANA_TOKEN: emu.adminToken, K2_ALERT_WEBHOOK_URL: 'https://hooks.example.test/bench' };
    sh(bin, ['check'], app, env); // fails loudly if the compiled K2 project does not match provisioning/
    sh(bin, ['provision'], app, env); // so that plan has nothing to do
    sh('npm', ['run', '--silent', 'check'], root); // the repository's build cache is fresh before timing

    const runs: Record<string, number[]> = { node: [], help: [], check: [], plan: [], npmNoop: [], npmCheck: [] };
    for (let i = 0; i < rounds; i += 1) {
      runs.node!.push(time(process.execPath, ['-e', '0'], app, env));
      runs.help!.push(time(bin, ['--help'], app, env));
      runs.check!.push(time(bin, ['check'], app, env));
      runs.plan!.push(time(bin, ['plan'], app, env));
      runs.npmNoop!.push(time('npm', ['run', '--silent', 'bench:noop'], root, process.env));
      runs.npmCheck!.push(time('npm', ['run', '--silent', 'check'], root, process.env));
    }
    const m = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)])) as Record<keyof typeof runs, number>;
    const rows: [string, number, string, number, number][] = [
      ['installed bin, --help', m.help, 'node -e 0', m.node, 3],
      ['installed bin, check of the K2 project', m.check, 'node -e 0', m.node, 6],
      ['installed bin, plan with nothing to do, minus its --help start', m.plan - m.help, 'node -e 0', m.node, 8],
      ['this repository, npm run check', m.npmCheck, 'npm run bench:noop', m.npmNoop, 3],
    ];
    console.log(`cli-start: ${rounds} rounds, medians; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${os.cpus().length} cores`);
    console.log('| what | median | baseline | baseline median | ratio | target |');
    console.log('|---|---|---|---|---|---|');
    for (const [what, ms, base, baseMs, target] of rows) {
      console.log(`| ${what} | ${ms.toFixed(0)} ms | ${base} | ${baseMs.toFixed(0)} ms | ${(ms / baseMs).toFixed(2)}x | <= ${target}x |`);
    }
  } finally {
    await emu.close();
    rmSync(work, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
