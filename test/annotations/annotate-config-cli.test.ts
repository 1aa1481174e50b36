import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';
import { startStandInPrometheus, type StandInPrometheus } from './stand-in-prometheus.js';

// `annotate` is generic: a project that is not K2 names its tags, journal and level gauge in its own config, and the
// real CLI (config found from the working folder) stamps and watches exactly those. The gauge here has three levels.
let emu: Emulator;
let prometheus: StandInPrometheus;
let project: string;
let bare: string;
/** Unix seconds from which the gauge is WARN, and from which it is DOWN. */
let warnAt = Number.POSITIVE_INFINITY;
let downAt = Number.POSITIVE_INFINITY;

const config = `export default {
  definitions: './definitions.ts',
  annotations: {
    tags: ['app-events'],
    journal: 'state/events.journal',
    watch: { selector: 'app_health_level{job="api"}', levels: { 0: 'OK', 1: 'WARN', 2: 'DOWN' }, tags: ['app-health'] },
  },
};
`;

beforeAll(async () => {
  emu = await startEmulator({ seed: 23 });
  prometheus = await startStandInPrometheus({ __name__: 'app_health_level', job: 'api', instance: 'api:9000' }, (s) => (s >= downAt ? 2 : s >= warnAt ? 1 : 0));
  const tmp = await mkdtemp(join(tmpdir(), 'k2-annotate-config-'));
  project = join(tmp, 'app');
  bare = join(tmp, 'bare');
  for (const dir of [project, bare]) {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'package.json'), '{ "name": "app", "private": true }\n');
  }
  await writeFile(join(project, 'k2-grafana.config.ts'), config);
  // A project whose config names no gauge to watch.
  await writeFile(join(bare, 'k2-grafana.config.ts'), "export default { definitions: './definitions.ts' };\n");
});
afterAll(async () => {
  await emu.close();
  await prometheus.close();
  await rm(join(project, '..'), { recursive: true, force: true });
});

async function cli(cwd: string, args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: { GRAFANA_URL: emu.url, GRAFANA_TOKEN: emu.adminToken, PROMETHEUS_URL: prometheus.url },
    cwd,
    isTTY: false,
  };
  const code = await runCli(['annotate', ...args], io);
  return { code, stdout, stderr };
}
const marks = (tag: string) => [...emu.state.annotations.values()].filter((a) => a.tags.includes(tag));

describe('annotate with a project config of its own', () => {
  it("stamps the config's tags, and keeps the journal where the config says", async () => {
    const run = await cli(project, ['emit', '--text', 'Deployed v2.3.1', '--event-id', 'deploy-1', '--tag', 'ops']);
    expect(run.code, run.stderr).toBe(ExitCode.Ok);
    expect(marks('event:deploy-1').map((a) => a.tags)).toEqual([['app-events', 'ops', 'event:deploy-1']]);
    const status = await cli(project, ['status', '--output', 'json']);
    expect(JSON.parse(status.stdout)).toEqual({ journal: join(project, 'state', 'events.journal'), pending: 0, unreadable: 0, rejected: 0, rejectedFile: join(project, 'state', 'events.journal.rejected') });
  });

  it('watches the configured gauge through three levels, naming each as configured', async () => {
    const now = Date.now() / 1000;
    warnAt = now + 0.4;
    downAt = now + 0.9;
    const run = await cli(project, ['watch', '--lookback', '10', '--interval', '0.2', '--duration', '2', '--output', 'json']);
    expect(run.code, run.stderr).toBe(ExitCode.Ok);
    expect(prometheus.queries[0]).toMatch(/^app_health_level\{job="api"\}\[\d+s\]$/);
    const seen = marks('app-health').sort((a, b) => a.time - b.time);
    expect(seen.map((a) => a.text)).toEqual([
      'app_health_level rose: OK -> WARN on api:9000 (observed in Prometheus)',
      'app_health_level rose: WARN -> DOWN on api:9000 (observed in Prometheus)',
    ]);
    // The watch tags replace the config's general ones: no `app-events` here, and nothing of any other project.
    expect(seen.map((a) => a.tags.filter((t) => !t.startsWith('event:')))).toEqual([
      ['app-health', 'from:OK', 'to:WARN'],
      ['app-health', 'from:WARN', 'to:DOWN'],
    ]);
    expect(seen.map((a) => a.time)).toEqual([Math.ceil(warnAt * 4) * 250, Math.ceil(downAt * 4) * 250]);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { from: number; to: number });
    expect(lines.map((l) => [l.from, l.to])).toEqual([[0, 1], [1, 2]]);
  });

  it('without a watch entry, watch is a usage error that says what to add to which file', async () => {
    const run = await cli(bare, ['watch', '--duration', '1']);
    expect(run.code).toBe(ExitCode.Usage);
    expect(run.stderr).toContain('annotate watch needs a level gauge to follow');
    expect(run.stderr).toContain(`Add to ${join(bare, 'k2-grafana.config.ts')}: annotations: { watch: { selector:`);
  });

  it('a config whose watch entry has the wrong shape is a config error naming the field, and nothing is sent', async () => {
    const broken = join(project, '..', 'broken');
    await mkdir(broken, { recursive: true });
    await writeFile(join(broken, 'package.json'), '{}\n');
    await writeFile(join(broken, 'k2-grafana.config.ts'), "export default { definitions: './d.ts', annotations: { watch: { selector: 'up', subject: 3 } } };\n");
    const before = emu.state.annotations.size;
    const run = await cli(broken, ['emit', '--text', 'x', '--event-id', 'broken-1']);
    expect(run.code).toBe(ExitCode.Config);
    expect(run.stderr).toContain('annotations.watch.subject: must be a string');
    expect(emu.state.annotations.size).toBe(before);
  });

  it('without any config, emit stamps no tag but its own, and watch says a config is needed', async () => {
    const nowhere = await mkdtemp(join(tmpdir(), 'k2-annotate-noconfig-'));
    try {
      await writeFile(join(nowhere, 'package.json'), '{}\n');
      const emitted = await cli(nowhere, ['emit', '--text', 'plain', '--event-id', 'plain-1', '--journal', join(nowhere, 'j')]);
      expect(emitted.code, emitted.stderr).toBe(ExitCode.Ok);
      expect(marks('event:plain-1').map((a) => a.tags)).toEqual([['event:plain-1']]);
      const watched = await cli(nowhere, ['watch', '--journal', join(nowhere, 'j')]);
      expect(watched.code).toBe(ExitCode.Usage);
      expect(watched.stderr).toContain('k2-grafana.config.ts (none was found; --config points at one)');
    } finally {
      await rm(nowhere, { recursive: true, force: true });
    }
  });
});
