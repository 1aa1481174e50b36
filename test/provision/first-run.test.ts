import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { project } from '../../dashboards/index.js';
import { provision } from '../../src/apply/index.js';
import type { Emulator } from '../emulator/emulator.js';
import { emulator, testClient, testEnv, transportMatrix, writeLines } from './helpers.js';

// 11.6 has no app-platform API we use; 12.3 and 13.1 on both transports (issue 16 "Done when").
const cases = [['11.6', 'classic'] as const, ...transportMatrix];

describe.each(cases)('provision the K2 project against Grafana %s, %s API (issue 4 "Done when" 1)', (version, api) => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator({ version });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('creates every object in an empty Grafana', async () => {
    const result = await provision({ project, client: testClient(emu), env: testEnv, api });
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
    const result = await provision({ project, client: testClient(emu), env: testEnv, api });
    expect(writeLines(emu)).toEqual([]);
    expect(result.plan.pending).toBe(false);
    expect(result.summary?.counts.unchanged).toBe(result.desired.length);
    expect([...emu.state.dashboards.values()].map((d) => [d.uid, d.version])).toEqual(before);
  });
});
