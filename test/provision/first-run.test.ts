import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { project } from '../../dashboards/index.js';
import { provision } from '../../src/apply/index.js';
import type { Emulator } from '../emulator/emulator.js';
import { emulator, testClient, testEnv, writeLines } from './helpers.js';

describe('provision the K2 project (issue 4 "Done when" 1)', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  it('creates every object in an empty Grafana', async () => {
    const result = await provision({ project, client: testClient(emu), env: testEnv });
    expect(result.summary?.counts.failed).toBe(0);
    const created = result.summary!.results.filter((r) => r.outcome === 'created').map((r) => `${r.kind}:${r.key}`);
    expect(created.length).toBe(result.desired.length);
    expect(emu.state.dashboards.size).toBe(project.dashboards.length);
    expect(emu.state.folders.size).toBe(project.folders.length);
  });

  it('a second run makes zero write requests', async () => {
    emu.clearLog();
    const result = await provision({ project, client: testClient(emu), env: testEnv });
    expect(writeLines(emu)).toEqual([]);
    expect(result.plan.pending).toBe(false);
  });
});
