// Issue 16 item 1 and Bad input, through the CLI: --api on plan/provision/diff --live, the choice printed once with
// --verbose and carried in --output json, and --api app-platform against a Grafana without it (exit 3, naming it).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { apiSettings } from '../../src/cli/grafana-target.js';
import { configShapeIssues } from '../../src/config/config-shape.js';
import type { LoadedConfig } from '../../src/config/load-config.js';
import { resolveGrafana } from '../../src/config/resolve-grafana.js';
import type { Emulator, EmulatorVersion } from '../emulator/emulator.js';
import { emulator, testEnv } from './helpers.js';

describe('--api (CLI)', () => {
  let out: string;
  const emus: Emulator[] = [];
  const start = async (version: EmulatorVersion) => {
    const emu = await emulator({ version });
    emus.push(emu);
    return emu;
  };

  async function cli(argv: string[], env: Record<string, string> = {}) {
    let stdout = '';
    let stderr = '';
    const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: { ...testEnv, ...env }, cwd: process.cwd(), isTTY: false };
    const code = await runCli(argv, io);
    return { code, stdout, stderr };
  }
  const grafana = (emu: Emulator) => ({ GRAFANA_URL: emu.url, GRAFANA_TOKEN: emu.adminToken });

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'k2-cli-api-'));
    expect((await cli(['generate', '--out', out])).code).toBe(0);
  });
  afterAll(async () => {
    for (const emu of emus) await emu.close();
    await rm(out, { recursive: true, force: true });
  });

  it('a value outside classic|app-platform|auto is a usage error (64)', async () => {
    const emu = await start('12.3');
    expect((await cli(['plan', '--out', out, '--api', 'k8s'], grafana(emu))).code).toBe(64);
  });

  it('--api app-platform against Grafana 11.6: exit 3 saying which API is missing, nothing written', async () => {
    const emu = await start('11.6');
    const r = await cli(['provision', '--out', out, '--api', 'app-platform'], grafana(emu));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/does not serve dashboard\.grafana\.app v1 or v1beta1 \(dashboards\)/);
    expect(r.stderr).toMatch(/--api auto/);
    expect(emu.writes()).toEqual([]);
  });

  it('--verbose prints the choice once per kind; --output json carries it; a second provision writes nothing', async () => {
    const emu = await start('13.1');
    const first = await cli(['provision', '--out', out, '--verbose'], grafana(emu));
    expect(first.code, first.stderr).toBe(0);
    const lines = first.stderr.split('\n').filter((l) => l.startsWith('api: '));
    expect(lines).toEqual([
      'api: dashboard via dashboard.grafana.app/v1 (namespace default)',
      'api: policy via notifications.alerting.grafana.app/v1beta1 (namespace default)',
      'api: folder via folder.grafana.app/v1 (namespace default)',
    ]);
    emu.clearLog();
    const json = await cli(['provision', '--out', out, '--output', 'json'], grafana(emu));
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { apis: unknown[] };
    expect(parsed.apis).toEqual([
      { kind: 'dashboard', api: 'app-platform', apiVersion: 'dashboard.grafana.app/v1', namespace: 'default' },
      { kind: 'policy', api: 'app-platform', apiVersion: 'notifications.alerting.grafana.app/v1beta1', namespace: 'default' },
      { kind: 'folder', api: 'app-platform', apiVersion: 'folder.grafana.app/v1', namespace: 'default' },
    ]);
    expect(emu.writes()).toEqual([]);
    // The same Grafana through the classic API: the same objects, nothing to do either.
    const classic = await cli(['plan', '--out', out, '--api', 'classic', '--output', 'json', '--exit-code'], grafana(emu));
    expect(classic.code).toBe(0);
    expect((JSON.parse(classic.stdout) as { apis: unknown[] }).apis).toEqual([{ kind: 'dashboard', api: 'classic' }, { kind: 'policy', api: 'classic' }, { kind: 'folder', api: 'classic' }]);
    expect((await cli(['diff', '--live', '--exit-code', '--api', 'app-platform', '--verbose'], grafana(emu))).stderr).toContain('api: dashboard via dashboard.grafana.app/v1 (namespace default)');
  });
});

describe('a context may set the API and the namespace; flags win', () => {
  const config = (context: Record<string, unknown>) => ({ path: '/project/k2-grafana.config.ts', dir: '/project', config: { contexts: { cloud: { url: 'https://stack.example.test', ...context } } } }) as unknown as LoadedConfig;

  it('the context\'s api and namespace apply unless --api / --namespace are given; --verbose says which', () => {
    const grafana = resolveGrafana({ config: config({ api: 'app-platform', namespace: 'stacks-42' }), env: {} });
    expect(apiSettings({}, grafana)).toEqual({ api: 'app-platform', namespace: 'stacks-42' });
    let said = '';
    expect(apiSettings({ api: 'classic', namespace: 'org-3', verbose: true }, grafana, { stderr: (t: string) => void (said += t) } as unknown as CliIO)).toEqual({ api: 'classic', namespace: 'org-3' });
    expect(said).toBe('api choice: flag --api\nnamespace choice: flag --namespace\n');
    expect(apiSettings({}, resolveGrafana({ config: config({}), env: {} }))).toEqual({ api: 'auto' });
  });

  it('a namespace Grafana would not parse is refused: in the config (naming the field) and as a flag (usage)', () => {
    expect(configShapeIssues({ definitions: './grafana/index.ts', contexts: { cloud: { url: 'https://x.example.test', namespace: 'org-1', api: 'k8s' } } })).toEqual([
      'contexts.cloud.api: must be "classic", "app-platform" or "auto"',
      'contexts.cloud.namespace: must be "default", "org-<id>" (id > 1) or "stacks-<id>", the forms Grafana parses',
    ]);
    const grafana = resolveGrafana({ config: config({}), env: {} });
    expect(() => apiSettings({ namespace: 'Org 2' }, grafana)).toThrow(/--namespace "Org 2" is not a namespace Grafana parses/);
  });
});
