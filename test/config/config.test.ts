import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { findConfigFile } from '../../src/config/find-config.js';
import { resolveGrafana } from '../../src/config/resolve-grafana.js';
import type { LoadedConfig } from '../../src/config/load-config.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';
import { syntheticEnv } from '../provision/synthetic-project.js';

/** Issue 10 §1, §5 and "Bad input": the project config, its contexts, and the errors a wrong one gives. */
const synthetic = join(import.meta.dirname, '../provision/synthetic-project.ts');
let dir: string;
let emu: Emulator;

async function cli(argv: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: { ...syntheticEnv, ...options.env }, cwd: options.cwd ?? dir, isTTY: false };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** A project folder: package.json, definitions built from the synthetic project, and the config given. */
function project(name: string, config: string): string {
  const root = join(dir, name);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'package.json'), '{"name":"x","type":"module"}');
  writeFileSync(join(root, 'defs.ts'), `import { syntheticProject } from ${JSON.stringify(synthetic)};\nexport const project = syntheticProject({ dashboards: 2, rules: 2, name: '${name}', datasourceVariable: true });\n`);
  writeFileSync(join(root, 'k2-grafana.config.ts'), config);
  return root;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k2g-config-'));
  emu = await startEmulator({ seed: 3 });
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('finding the config', () => {
  it('is found in the working folder or above it, but never above the nearest package.json', () => {
    const root = project('find', 'export default { definitions: "./defs.ts" };');
    mkdirSync(join(root, 'sub/deeper'), { recursive: true });
    expect(findConfigFile(join(root, 'sub/deeper'))).toBe(join(root, 'k2-grafana.config.ts'));
    mkdirSync(join(root, 'nested'), { recursive: true });
    writeFileSync(join(root, 'nested/package.json'), '{}');
    expect(findConfigFile(join(root, 'nested'))).toBeUndefined();
  });

  it('a verb run in a subfolder generates beside the config, not in the subfolder', async () => {
    const root = project('subdir', 'export default { definitions: "./defs.ts", out: "generated" };');
    mkdirSync(join(root, 'src'), { recursive: true });
    const r = await cli(['generate'], { cwd: join(root, 'src') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('../generated/: ');
  });
});

describe('a config that is wrong: a clear error naming the file, exit 78, nothing written', () => {
  it('does not load', async () => {
    const root = project('broken', 'export default { definitions: ;');
    const r = await cli(['generate'], { cwd: root });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain(`config ${join(root, 'k2-grafana.config.ts')} does not load`);
  });

  it('has fields of the wrong shape, each named', async () => {
    const root = project('shape', 'export default { definitons: "./defs.ts", contexts: { prod: { url: "grafana.example.com", orgId: 0, tokenEnv: "glsa_abc def" } } };');
    const r = await cli(['check'], { cwd: root });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('definitons: unknown field');
    expect(r.stderr).toContain('definitions: required');
    expect(r.stderr).toContain('contexts.prod.url: "grafana.example.com" is not an http(s) URL');
    expect(r.stderr).toContain('contexts.prod.orgId: must be a positive integer');
    // A token pasted where a variable name belongs is never echoed.
    expect(r.stderr).toContain('contexts.prod.tokenEnv: must be the NAME of an environment variable');
    expect(r.stderr).not.toContain('glsa_abc');
  });

  it('names a definitions module that does not exist (exit 64)', async () => {
    const root = project('missing-defs', 'export default { definitions: "./nowhere.ts" };');
    const r = await cli(['generate'], { cwd: root });
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('no such file');
  });

  it('has two contexts that would write the same objects', async () => {
    const root = project('collide', `export default { definitions: "./defs.ts", contexts: {
      a: { url: "https://grafana.example.com/" }, b: { url: "https://GRAFANA.example.com", orgId: 1 } } };`);
    const r = await cli(['plan'], { cwd: root });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('contexts.b and contexts.a have the same URL, org and folder prefix');
  });

  it('a project verb may not shadow a built-in one', async () => {
    const root = project('shadow', `export default { definitions: "./defs.ts", commands: [{ name: 'plan', describe: 'x', builder: (y) => y, run: async () => 0 }] };`);
    const r = await cli(['check'], { cwd: root });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('command "plan" is already a k2-grafana verb');
  });

  it('--help still works with a broken config, and warns', async () => {
    const root = project('broken-help', 'export default 42;');
    const r = await cli(['--help'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('generate');
    expect(r.stderr).toContain('warning: config');
  });
});

describe('definitions of the wrong shape: exit 1 naming the module and field, never 70', () => {
  it('a project missing a kind list is fine; a wrong field is named', async () => {
    const root = project('defs-shape', 'export default { definitions: "./bad.ts" };');
    writeFileSync(join(root, 'bad.ts'), 'export const project = { name: "ok", dashboards: {}, knownMetrics: [1] };\n');
    const r = await cli(['generate'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(root, 'bad.ts')}: \`dashboards\` must be a list of dashboard definitions`);
    expect(r.stderr).toContain('`knownMetrics` must be a list of strings');
    // Another file: the first one stays in the module cache.
    writeFileSync(join(root, 'bad.ts'), 'export const project = { name: "ok" };\n');
    const emptyRoot = project('defs-empty', 'export default { definitions: "./empty.ts" };');
    writeFileSync(join(emptyRoot, 'empty.ts'), 'export const project = { name: "ok" };\n');
    const empty = await cli(['generate'], { cwd: emptyRoot });
    expect(empty.code, empty.stderr).toBe(0);
  });
});

describe('contexts', () => {
  const config = (url: string) => `export default { definitions: "./defs.ts", defaultContext: "staging", contexts: {
    staging: { url: "${url}", tokenEnv: "STAGING_TOKEN", overrides: { folderPrefix: "[staging] ", datasourceUids: { "synth-prom": "staging-prom" } } },
    prod: { url: "${url}", tokenEnv: "PROD_TOKEN" },
  } };`;

  it('precedence: flag, then environment, then config; credentials go with the URL they were given for', () => {
    const loaded = { config: { definitions: 'x', contexts: { prod: { url: 'https://prod.example.com', tokenEnv: 'PROD_TOKEN' } } }, path: '/p/k2-grafana.config.ts', dir: '/p' } satisfies LoadedConfig;
    const env = { PROD_TOKEN: 'glsa_prod', GRAFANA_TOKEN: 'glsa_dev' };
    const fromConfig = resolveGrafana({ config: loaded, env });
    expect(fromConfig.client).toMatchObject({ url: 'https://prod.example.com', token: 'glsa_prod' });
    const fromEnv = resolveGrafana({ config: loaded, env: { ...env, GRAFANA_URL: 'http://dev:3000' } });
    expect(fromEnv.client).toMatchObject({ url: 'http://dev:3000', token: 'glsa_dev' });
    expect(fromEnv.sources.find((s) => s.setting === 'url')?.source).toContain("over context prod's url");
    const fromFlag = resolveGrafana({ config: loaded, env: { ...env, GRAFANA_URL: 'http://dev:3000' }, flags: { url: 'http://flag:3000', orgId: 4 } });
    expect(fromFlag.client).toMatchObject({ url: 'http://flag:3000', orgId: 4 });
  });

  it('an unknown context, or one whose token variable is unset, is refused before Grafana is contacted', async () => {
    const root = project('ctx-errors', config(emu.url));
    emu.clearLog();
    const unknown = await cli(['plan', '--context', 'prd'], { cwd: root, env: { PROD_TOKEN: emu.adminToken } });
    expect(unknown.code).toBe(78);
    expect(unknown.stderr).toContain('--context prd: no such context');
    expect(unknown.stderr).toContain('Did you mean --context prod?');
    const unset = await cli(['plan', '--context', 'prod'], { cwd: root });
    expect(unset.code).toBe(78);
    expect(unset.stderr).toContain('context prod: PROD_TOKEN is not set');
    expect(emu.requests).toEqual([]);
    // Verbs that do not contact Grafana need no credentials.
    expect((await cli(['generate'], { cwd: root })).code).toBe(0);
  });

  it('--verbose says where each setting came from, never a credential', async () => {
    const root = project('ctx-verbose', config(emu.url));
    await cli(['generate'], { cwd: root });
    const r = await cli(['plan', '--verbose'], { cwd: root, env: { STAGING_TOKEN: emu.adminToken } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('context: config');
    expect(r.stderr).toContain('url: context staging');
    expect(r.stderr).toContain('credentials: environment STAGING_TOKEN (context staging)');
    expect(r.stderr).not.toContain(emu.adminToken);
  });

  it('two contexts with different overrides give plans that differ in exactly those overrides; files stay context-free', async () => {
    const root = project('ctx-plans', config(emu.url));
    expect((await cli(['generate'], { cwd: root })).code).toBe(0);
    const env = { STAGING_TOKEN: emu.adminToken, PROD_TOKEN: emu.adminToken };
    const r = await cli(['plan', '--all-contexts', '--output', 'json'], { cwd: root, env });
    expect(r.code, r.stderr).toBe(0);
    const [staging, prod] = JSON.parse(r.stdout).contexts as { context: string; plan: { changes: { kind: string; key: string; title: string; spec?: unknown }[] } }[];
    expect([staging!.context, prod!.context]).toEqual(['staging', 'prod']);
    const strip = (text: string) => text.replaceAll('[staging] ', '').replaceAll('staging-prom', 'synth-prom');
    // Undo exactly the overrides on the staging plan: it must then equal prod's.
    expect(strip(JSON.stringify(staging!.plan.changes))).toBe(JSON.stringify(prod!.plan.changes));
    expect(JSON.stringify(staging!.plan.changes)).toContain('[staging] Synthetic');
    expect(JSON.stringify(staging!.plan.changes)).toContain('staging-prom');
    expect(JSON.stringify(prod!.plan.changes)).not.toContain('staging');
    const text = await cli(['plan', '--context', 'staging'], { cwd: root, env });
    expect(text.stdout).toContain('context staging: datasource uid synth-prom -> staging-prom; folder titles prefixed with "[staging] "');
  });

  it('a malformed GRAFANA_URL is a usage error (64), not "unreachable"', async () => {
    const root = project('bad-url', 'export default { definitions: "./defs.ts" };');
    await cli(['generate'], { cwd: root });
    for (const url of ['grafana.example.com', 'ftp://grafana.example.com', 'not a url']) {
      const r = await cli(['plan'], { cwd: root, env: { GRAFANA_URL: url } });
      expect(r.code, url).toBe(64);
      expect(r.stderr).toContain('is not an http(s) URL');
    }
  });
});

describe('annotate talks to the configured context too', () => {
  it("emit goes to the context's Grafana with the context's token; status needs no credentials", async () => {
    const root = project('ctx-annotate', `export default { definitions: "./defs.ts", annotations: { tags: ["deploys"] },
      contexts: { ops: { url: "${emu.url}", tokenEnv: "OPS_TOKEN" } } };`);
    const before = emu.state.annotations.size;
    const sent = await cli(['annotate', 'emit', '--text', 'Deployed', '--event-id', 'ctx-1', '--journal', join(root, 'j')], { cwd: root, env: { OPS_TOKEN: emu.adminToken } });
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toContain('event ctx-1: sent');
    expect(emu.state.annotations.size).toBe(before + 1);
    const unset = await cli(['annotate', 'emit', '--text', 'Deployed', '--event-id', 'ctx-2', '--journal', join(root, 'j')], { cwd: root });
    expect(unset.code).toBe(78);
    expect(unset.stderr).toContain('context ops: OPS_TOKEN is not set');
    expect((await cli(['annotate', 'status', '--journal', join(root, 'j')], { cwd: root })).code).toBe(0);
  });
});

describe('a project registers its own verbs', () => {
  it('lists them in --help and runs them with the config in hand', async () => {
    const root = project('verbs', `export default { definitions: "./defs.ts", commands: [{
      name: 'hello', describe: 'Say hello from the project', builder: (y) => y,
      run: async (_args, io, context) => { io.stdout('hello from ' + context.config.config.definitions + '\\n'); return 0; } }] };`);
    const help = await cli(['--help'], { cwd: root });
    expect(help.stdout).toContain('Say hello from the project');
    const r = await cli(['hello'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('hello from ./defs.ts\n');
  });
});
