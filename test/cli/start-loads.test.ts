import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue 11 "Fast start": `--help` loads neither ajv, the foundation SDK, axios nor the PromQL parser, and `check`
 * does not load the HTTP client. Observed, not assumed: a module hook in the child process logs every module it loads.
 */
const root = join(import.meta.dirname, '../..');
const hook = `data:text/javascript,${encodeURIComponent(
  "export async function load(url, context, next) { process.stderr.write('loaded ' + url + '\\n'); return next(url, context); }",
)}`;
const register = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(hook)});`)}`;

function loadedBy(args: string[]): string[] {
  const r = spawnSync(process.execPath, ['--import', register, join(root, 'bin/k2-grafana.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.status, r.stderr).toBe(0);
  return r.stderr.split('\n').filter((l) => l.startsWith('loaded ')).map((l) => l.slice('loaded '.length));
}

const heavy = { ajv: '/node_modules/ajv/', sdk: '/grafana-foundation-sdk/', axios: '/node_modules/axios/', promql: '/lezer-promql/' };
/** What only `import` runs (issue 17): the formatter, and the bundler that runs the generated code. */
const importOnly = { prettier: '/node_modules/prettier/', esbuild: '/node_modules/esbuild/' };

describe('what a start loads', () => {
  it('--help loads none of ajv, the foundation SDK, axios and the PromQL parser (the config and its verb list are loaded)', () => {
    const loaded = loadedBy(['--help']);
    expect(loaded.some((u) => u.endsWith('k2-grafana.config.js'))).toBe(true);
    for (const [name, path] of Object.entries(heavy)) expect(loaded.filter((u) => u.includes(path)), name).toEqual([]);
  }, 60_000);

  it('--help and import --help load neither prettier nor esbuild (nor the SDK): only an import run does', () => {
    // A first start may transpile the checkout with esbuild (bin/k2-grafana.js); the next ones find the build.
    loadedBy(['--help']);
    for (const args of [['--help'], ['import', '--help']]) {
      const loaded = loadedBy(args);
      for (const [name, path] of Object.entries({ ...importOnly, sdk: heavy.sdk })) expect(loaded.filter((u) => u.includes(path)), `${args.join(' ')}: ${name}`).toEqual([]);
    }
  }, 60_000);

  it('check loads no HTTP client and no schema compiler', () => {
    const loaded = loadedBy(['check']);
    expect(loaded.some((u) => u.includes(heavy.sdk)), 'the definitions do need the SDK').toBe(true);
    expect(loaded.filter((u) => u.includes(heavy.axios) || u.includes(heavy.ajv))).toEqual([]);
  }, 60_000);
});
