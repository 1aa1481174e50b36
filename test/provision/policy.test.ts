import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provision } from '../../src/apply/index.js';
import type { JsonObject } from '../../src/model/index.js';
import type { Emulator } from '../emulator/emulator.js';
import { emulator, testClient, writeLines } from './helpers.js';
import { syntheticEnv, syntheticProject } from './synthetic-project.js';

/** issue 4 "Done when" 1 (a policy route added by someone else survives) and item 5 (policy sub-route merge). */
describe('notification policy: our sub-route merged into the live tree', () => {
  let emu: Emulator;
  const project = syntheticProject({ dashboards: 1, rules: 2 });
  const foreign = { receiver: 'grafana-default-email', object_matchers: [['team', '=', 'payments']], group_by: ['alertname'] };

  beforeAll(async () => {
    emu = await emulator();
    const client = testClient(emu);
    const tree = await client.get<JsonObject>('/api/v1/provisioning/policies');
    await client.put('/api/v1/provisioning/policies', { ...tree, routes: [foreign] });
  });
  afterAll(async () => {
    await emu.close();
  });

  const routes = async (): Promise<JsonObject[]> =>
    (await testClient(emu).get<JsonObject>('/api/v1/provisioning/policies')).routes as JsonObject[];

  it('adds our route first and keeps the route someone else owns', async () => {
    await provision({ project, client: testClient(emu), env: syntheticEnv });
    const live = await routes();
    expect(live).toHaveLength(2);
    expect(live[0].object_matchers).toContainEqual(['managed_by', '=', 'k2-grafana/synthetic']);
    expect(live[1]).toMatchObject(foreign);
  });

  it('a second run does not write the tree', async () => {
    emu.clearLog();
    const result = await provision({ project, client: testClient(emu), env: syntheticEnv });
    expect(writeLines(emu)).toEqual([]);
    expect(result.plan.changes.find((c) => c.kind === 'policy')?.action).toBe('unchanged');
  });

  it('a changed route replaces ours in place; a foreign route added meanwhile survives too', async () => {
    const client = testClient(emu);
    const tree = await client.get<JsonObject>('/api/v1/provisioning/policies');
    const later = { receiver: 'grafana-default-email', object_matchers: [['team', '=', 'search']] };
    await client.put('/api/v1/provisioning/policies', { ...tree, routes: [...(tree.routes as JsonObject[]), later] });
    const changed = { ...project, policies: [{ ...(project.policies ?? [])[0], route: { ...(project.policies ?? [])[0].route, group_by: ['alertname', 'severity'] } }] };
    emu.clearLog();
    await provision({ project: changed, client: testClient(emu), env: syntheticEnv });
    expect(writeLines(emu)).toEqual(['PUT /api/v1/provisioning/policies']);
    const live = await routes();
    expect(live.map((r) => r.object_matchers)).toEqual([
      expect.arrayContaining([['managed_by', '=', 'k2-grafana/synthetic']]), foreign.object_matchers, later.object_matchers,
    ]);
    expect((live[0].routes as JsonObject[])[0].group_by).toEqual(['alertname', 'severity']);
  });

  it('--prune without policies removes only our route', async () => {
    emu.clearLog();
    await provision({ project: { ...project, policies: [] }, client: testClient(emu), env: syntheticEnv, prune: true });
    const live = await routes();
    expect(live.map((r) => r.object_matchers)).toEqual([foreign.object_matchers, [['team', '=', 'search']]]);
  });
});
