/**
 * Issue 15 §1 "Roles and permissions": the permissions a CI token needs (src/grafana/permissions.ts, the README's
 * table, provision.yml) are exactly enough against the emulator's RBAC (test/emulator/auth.ts, which follows
 * Grafana's route permissions, grafana-http-api.md §10): the set provisions K2's project; each one less fails with
 * exit 3 naming the missing permission; an Editor token cannot provision.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/cli.js';
import { provisionPermissions, requiredPermissions } from '../../src/grafana/permissions.js';
import type { Emulator } from '../emulator/emulator.js';
import type { TokenSpec } from '../emulator/auth.js';
import { emulator, testEnv } from './helpers.js';

const without = (permission: string): TokenSpec => ({ role: 'Viewer', permissions: provisionPermissions.filter((p) => p !== permission) });
const tokens: Record<string, TokenSpec> = {
  glsa_minimal: { role: 'Viewer', permissions: provisionPermissions },
  glsa_editor: { role: 'Editor' },
  ...Object.fromEntries(provisionPermissions.map((p) => [`glsa_without_${p.replace(/[^a-z]/g, '_')}`, without(p)])),
};
const tokenWithout = (permission: string) => `glsa_without_${permission.replace(/[^a-z]/g, '_')}`;

let out: string;

const cli = (argv: string[], env: Record<string, string>) => runCliCaptured(argv, { env: { ...testEnv, ...env } });

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'k2-permissions-'));
  const gen = await cli(['generate', '--out', out], {});
  expect(gen.code, gen.stderr).toBe(0);
});
afterAll(() => rm(out, { recursive: true, force: true }));

async function withEmulator<T>(run: (emu: Emulator) => Promise<T>): Promise<T> {
  const emu = await emulator({ tokens });
  try {
    return await run(emu);
  } finally {
    await emu.close();
  }
}

const provisionAs = (emu: Emulator, token: string, ...extra: string[]) =>
  cli(['provision', '--out', out, ...extra], { GRAFANA_URL: emu.url, GRAFANA_TOKEN: token });

/** Every object k2-grafana pushed, edited in Grafana behind its back, so `provision --force` must update each. */
function editEverything(emu: Emulator): void {
  for (const folder of emu.state.folders.values()) folder.title = `${folder.title} (edited)`;
  for (const dashboard of emu.state.dashboards.values()) dashboard.json = { ...dashboard.json, description: 'edited in the UI' };
  for (const datasource of emu.state.datasources.values()) (datasource as unknown as { url: string }).url = 'http://edited.invalid:9090';
  for (const rule of emu.state.rules.values()) rule.annotations = { ...rule.annotations, summary: 'edited' };
}

describe('permissions a CI token needs', () => {
  it('the minimal set provisions K2\'s project, first run and updates', async () => {
    await withEmulator(async (emu) => {
      const first = await provisionAs(emu, 'glsa_minimal');
      expect(first.code, first.stderr).toBe(0);
      editEverything(emu);
      const forced = await provisionAs(emu, 'glsa_minimal', '--force');
      expect(forced.code, forced.stderr).toBe(0);
      expect(forced.stdout).toMatch(/updated/);
    });
  }, 60_000);

  it.each(provisionPermissions.map((p) => [p]))('without %s: exit 3 naming it', async (permission) => {
    await withEmulator(async (emu) => {
      let result = await provisionAs(emu, tokenWithout(permission));
      if (result.code === 0) {
        // Only an update needs it: push everything as admin, edit it in Grafana, and force the update.
        editEverything(emu);
        result = await provisionAs(emu, tokenWithout(permission), '--force');
      }
      expect(result.code, result.stderr).toBe(3);
      // The hint names it (Grafana's message names it too, unless its handler's own check said only "Access denied").
      expect(result.stderr).toMatch(new RegExp(`hint: .*${permission.replace('.', '\\.')}`));
      expect(`${result.stdout}${result.stderr}`).toMatch(/-> 403/);
    });
  }, 60_000);

  it('an Editor token cannot provision K2\'s project (no datasource or alerting-provisioning rights): exit 3 naming the permission', async () => {
    await withEmulator(async (emu) => {
      const result = await provisionAs(emu, 'glsa_editor');
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/Permissions needed: (datasources|alert\.provisioning):/);
      expect(result.stderr).toMatch(/nothing was written/);
    });
  }, 60_000);

  it('the README table and provision.yml name every permission provision needs, and no longer recommend Editor', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const workflow = await readFile(new URL('../../.github/workflows/provision.yml', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Permissions a CI token needs'));
    for (const { permission } of requiredPermissions) expect(section, permission).toContain(`\`${permission}\``);
    for (const permission of provisionPermissions) expect(workflow, permission).toContain(permission);
    expect(readme).not.toMatch(/token with the Editor role/);
    expect(workflow).not.toMatch(/with the Editor role/);
  });
});
