import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provision } from '../../src/apply/index.js';
import { importAlerting, importAlertingLive, parseAlertingFile } from '../../src/import/alerting/index.js';
import { loadGeneratedProject } from '../../src/import/alerting/round-trip.js';
import { createHandlerContext } from '../../src/kinds/handler-context.js';
import { defaultRegistry } from '../../src/kinds/registry.js';
import type { ProjectDefinition } from '../../src/model/index.js';
import type { Emulator } from '../emulator/emulator.js';
import { emulator, testClient } from '../provision/helpers.js';

const root = resolve(import.meta.dirname, '../..');
const own = join(root, 'test/import/alerting-fixtures');
const files = ['multi-rule-group.yaml', 'contact-point-secret.yaml', 'mute-timings.yaml', 'nested-policies.yaml'].map((f) => join(own, f));
const shared = join(root, '../shared/fixtures/alerting/nixpkgs-test-templates.yaml');
/** Fake values for the variables the import gives the fixture's secrets; sent only to the loopback emulator. */
const env = {
  CP_OPS_CHAT_TOKEN: 'xoxb-live-fake-token-0001', CP_OPS_CHAT_PASSWORD: 'live-fake-password-0002',
  CP_OPS_CHAT_URL: 'https://hooks.example.test/live-fake-0003', CP_ON_CALL_PAGER_INTEGRATION_KEY: 'live-fake-key-0004',
};

/** Each object of a project as its kind normalises it, by kind and key (markers and server fields are not in it). */
function normalised(project: ProjectDefinition): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const handler of defaultRegistry.handlers.values()) {
    const entries = project[handler.definitions.field];
    if (!Array.isArray(entries) || ['policy', 'folder'].includes(handler.kind)) continue;
    for (const { spec } of handler.definitions.specs(entries, { owner: 'x', editableRules: false })) out.set(`${handler.kind} ${handler.key(spec)}`, handler.normalise(spec, spec));
  }
  return out;
}

/**
 * `importAlertingLive` reads a Grafana's alerting through the kinds' list/read (here the emulator, which follows
 * Grafana's provisioning API, grafana-http-api.md 6-7, test/emulator/routes/) into file-format inputs for importAlerting.
 */
describe('importAlertingLive', () => {
  let emu: Emulator;
  let imported: ProjectDefinition;
  beforeAll(async () => {
    emu = await emulator();
    const inputs = [...files, shared].flatMap((f) => parseAlertingFile(f, readFileSync(f, 'utf8')).inputs);
    const result = await importAlerting(inputs, { outDir: 'imported/alerting' });
    imported = await loadGeneratedProject(result.files, result.index, 'k2-grafana/definitions');
    const pushed = await provision({ project: { ...imported, name: 'team' }, client: testClient(emu), env });
    expect(pushed.summary?.aborted).toBeUndefined();
    expect(pushed.summary?.results.filter((r) => r.outcome === 'failed')).toEqual([]);
  });
  afterAll(async () => emu.close());

  it('imports what provision pushed: every rule group, contact point, mute timing and template normalises equal, secrets as $VAR again', async () => {
    const ctx = createHandlerContext({ client: testClient(emu), owner: 'someone-else' });
    const inputs = await importAlertingLive(ctx);
    expect(inputs.map((i) => i.origin).sort()).toEqual([
      'grafana:alerting/contact-points.yaml', 'grafana:alerting/mute-timings.yaml', 'grafana:alerting/policies.yaml',
      'grafana:alerting/rule-groups.yaml', 'grafana:alerting/templates.yaml',
    ]);
    const result = await importAlerting(inputs, { outDir: 'imported/alerting' });
    expect(result.refused).toEqual([]);
    const rules = result.objects.filter((o) => o.kind !== 'policy');
    expect(rules.flatMap((o) => o.inexact)).toEqual([]);
    const again = await loadGeneratedProject(result.files, result.index, 'k2-grafana/definitions');
    const before = normalised(imported);
    const after = normalised(again);
    // Grafana seeds its own default contact point; the rest is what was pushed.
    for (const [key, value] of after) if ((value as { name?: string }).name === 'grafana-default-email') after.delete(key);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [key, value] of before) expect(after.get(key), key).toEqual(value);
    // The tree holds the pushing project's sub-route: its owner matcher routes, its hash marker is dropped.
    const routes = result.objects.filter((o) => o.kind === 'policy');
    expect(routes.map((o) => o.title)).toEqual(["route 1 (the root's receiver)"]);
    const policyModule = result.files.find((f) => f.path.includes('/policies/'))!.text;
    expect(policyModule).toContain("['managed_by', '=', 'k2-grafana/team']");
    expect(policyModule).not.toContain('k2_grafana_hash');
    // The secrets came back [REDACTED]: references again, the values nowhere.
    const everything = JSON.stringify(result);
    for (const value of Object.values(env)) expect(everything).not.toContain(value);
    expect(everything).not.toContain('[REDACTED]');
  });
});
