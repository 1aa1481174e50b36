import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as catalog from '../../dashboards/catalog.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { k2ConfigArgs } from '../support/k2-config.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';
import { startStandInPrometheus, type StandInPrometheus } from './stand-in-prometheus.js';

// `annotate watch` wiring for K2: the selector, level names and level-change tag K2's config takes from the catalog.
let emu: Emulator;
let prometheus: StandInPrometheus;
let dir: string;
/** Unix seconds of the one level change the stand-in reports: shortly after the watcher starts. */
let changeAt = 0;

beforeAll(async () => {
  emu = await startEmulator({ seed: 5 });
  dir = await mkdtemp(join(tmpdir(), 'k2-watch-cli-'));
  // Level 0, then 2 from `changeAt` on (one change in all).
  prometheus = await startStandInPrometheus({ __name__: 'k2_degradation_level', instance: 't:1' }, (s) => (s >= changeAt ? 2 : 0));
});
afterAll(async () => {
  await emu.close();
  await prometheus.close();
  await rm(dir, { recursive: true, force: true });
});

describe('k2-grafana annotate watch', () => {
  it('annotates the level change it finds in Prometheus once, with catalog names and the level-change tag', async () => {
    let stdout = '';
    const io: CliIO = {
      stdout: (t) => void (stdout += t),
      stderr: () => undefined,
      env: { GRAFANA_URL: emu.url, GRAFANA_TOKEN: emu.adminToken, PROMETHEUS_URL: prometheus.url, K2_ANNOTATION_JOURNAL: join(dir, 'j') },
      cwd: dir,
      isTTY: false,
    };
    changeAt = Date.now() / 1000 + 0.5;
    const code = await runCli(['annotate', 'watch', '--lookback', '10', '--interval', '0.2', '--duration', '1.5', '--output', 'json', ...k2ConfigArgs], io);
    expect(code).toBe(ExitCode.Ok);
    expect(prometheus.queries[0]).toMatch(/^k2_degradation_level\{component="degradation_manager"\}\[\d+s\]$/);
    const marks = [...emu.state.annotations.values()];
    // Several polls see the change inside their window; it is annotated once, at the sample that changed.
    expect(prometheus.queries.length).toBeGreaterThan(2);
    expect(marks).toHaveLength(1);
    expect(marks[0]!.tags).toEqual(expect.arrayContaining([catalog.grafana.levelChangeAnnotationTag, 'from:NORMAL', 'to:MODERATE']));
    expect(marks[0]!.text).toBe('Degradation level rose: NORMAL -> MODERATE on t:1 (observed in Prometheus)');
    expect(marks[0]!.time).toBe(Math.round(Math.ceil(changeAt * 4) / 4 * 1000));
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { from: number; to: number; outcome: string });
    expect(lines.map((l) => [l.from, l.to, l.outcome])).toEqual([[0, 2, 'sent']]);
  });
});
