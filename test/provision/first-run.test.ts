import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { project } from '../../dashboards/index.js';
import { provision } from '../../src/apply/index.js';
import type { Emulator, EmulatorVersion } from '../emulator/emulator.js';
import { emulator, testClient, testEnv, writeLines } from './helpers.js';

const versions: EmulatorVersion[] = ['11.6', '12.3', '13.1'];

describe.each(versions)('provision the K2 project against Grafana %s (issue 4 "Done when" 1)', (version) => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator({ version });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('creates every object in an empty Grafana', async () => {
    const result = await provision({ project, client: testClient(emu), env: testEnv });
    expect(result.summary?.counts.failed).toBe(0);
    expect(result.summary!.counts.created).toBe(result.desired.length);
    expect(emu.state.dashboards.size).toBe((project.dashboards ?? []).length);
    expect(emu.state.folders.size).toBe((project.folders ?? []).length);
    expect(emu.state.datasources.size).toBe((project.datasources ?? []).length);
    expect(emu.state.rules.size).toBe((project.ruleGroups ?? []).reduce((n, g) => n + (g.group.rules as unknown[]).length, 0));
  });

  it('a second run makes zero write requests and bumps no version', async () => {
    const before = [...emu.state.dashboards.values()].map((d) => [d.uid, d.version]);
    emu.clearLog();
    const result = await provision({ project, client: testClient(emu), env: testEnv });
    expect(writeLines(emu)).toEqual([]);
    expect(result.plan.pending).toBe(false);
    expect(result.summary?.counts.unchanged).toBe(result.desired.length);
    expect([...emu.state.dashboards.values()].map((d) => [d.uid, d.version])).toEqual(before);
  });
});
