import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grafana as k2Grafana } from '../../dashboards/catalog.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { k2ConfigArgs } from '../support/k2-config.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';

// `k2-grafana annotate` through the real CLI frame, against the Grafana emulator.
let emu: Emulator;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator({ seed: 11 });
  dir = await mkdtemp(join(tmpdir(), 'k2-annotate-cli-'));
});
afterAll(async () => {
  await emu.close();
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: { GRAFANA_URL: emu.url, GRAFANA_TOKEN: emu.adminToken, K2_ANNOTATION_JOURNAL: join(dir, 'journal'), ...env },
    cwd: dir,
    isTTY: false,
  };
  const code = await runCli(['annotate', ...args, ...k2ConfigArgs], io);
  return { code, stdout, stderr };
}
const annotations = () => [...emu.state.annotations.values()];

describe('k2-grafana annotate', () => {
  it('emits a point with the simulation tag, scenario and event tags', async () => {
    const run = await cli(['emit', '--text', 'Kafka broker restarted', '--event-id', 'cli-1', '--scenario', 'lag', '--tag', 'ops', '--time', '2026-11-27T10:00:00Z']);
    expect(run.code).toBe(ExitCode.Ok);
    expect(run.stdout).toMatch(/^event cli-1: sent \(annotation id \d+\)\n$/);
    expect(annotations().find((a) => a.tags.includes('event:cli-1'))).toMatchObject({
      text: 'Kafka broker restarted',
      time: Date.parse('2026-11-27T10:00:00Z'),
      tags: [k2Grafana.simulationAnnotationTag, 'ops', 'scenario:lag', 'event:cli-1'],
    });
    // Idempotent: the same event id again finds it.
    expect((await cli(['emit', '--text', 'Kafka broker restarted', '--event-id', 'cli-1'])).stdout).toContain('already-present');
  });

  it('opens and closes a region', async () => {
    expect((await cli(['open', '--event-id', 'cli-r', '--text', 'Lag injected', '--time', '1000000'])).code).toBe(ExitCode.Ok);
    const closed = await cli(['close', '--event-id', 'cli-r', '--time-end', '2000000', '--output', 'json']);
    expect(JSON.parse(closed.stdout)).toMatchObject({ eventId: 'cli-r', outcome: 'sent' });
    expect(annotations().filter((a) => a.tags.includes('event:cli-r'))).toMatchObject([{ time: 1_000_000, timeEnd: 2_000_000 }]);
  });

  it('emits a whole region in one go with --time-end', async () => {
    const run = await cli(['emit', '--event-id', 'cli-whole', '--text', 'Maintenance', '--time', '4000000', '--time-end', '4600000']);
    expect(run.code).toBe(ExitCode.Ok);
    expect(annotations().filter((a) => a.tags.includes('event:cli-whole'))).toMatchObject([{ time: 4_000_000, timeEnd: 4_600_000 }]);
  });

  it('journals while Grafana is stopped (exit 3, says what to do), then flush delivers once', async () => {
    await emu.stop();
    let run;
    try {
      run = await cli(['emit', '--text', 'during outage', '--event-id', 'cli-out', '--time', '3000000']);
    } finally {
      await emu.start();
    }
    expect(run.code).toBe(ExitCode.Unreachable);
    expect(run.stdout).toContain('event cli-out: journaled');
    expect(run.stderr).toContain('annotate flush');
    expect(run.stderr).not.toContain(emu.adminToken);
    expect((await readFile(join(dir, 'journal'), 'utf8')).trim().split('\n')).toHaveLength(1);
    expect((await cli(['status'])).stdout).toMatch(/^1 event\(s\) pending/);

    const flushed = await cli(['flush']);
    expect(flushed.code).toBe(ExitCode.Ok);
    expect(flushed.stdout).toContain('create cli-out: sent');
    expect(flushed.stdout).toContain('0 event(s) still pending');
    expect(annotations().filter((a) => a.tags.includes('event:cli-out'))).toHaveLength(1);
  });

  it('refuses incomplete usage with exit 64 and a hint', async () => {
    const run = await cli(['open', '--text', 'no id']);
    expect(run.code).toBe(ExitCode.Usage);
    expect(run.stderr).toContain('annotate open needs --event-id');
    expect((await cli(['emit', '--text', 'x', '--time', 'yesterday-ish'])).code).toBe(ExitCode.Usage);
  });

  it('close of an event never opened exits 1 saying so, and later flushes exit 0', async () => {
    const journal = join(dir, 'ghost.journal');
    const run = await cli(['close', '--event-id', 'never-opened-1'], { K2_ANNOTATION_JOURNAL: journal });
    expect(run.code).toBe(ExitCode.Invalid);
    expect(run.stderr).toContain('never opened');
    expect((await cli(['flush'], { K2_ANNOTATION_JOURNAL: journal })).code).toBe(ExitCode.Ok);
  });

  it('status of a journal of garbage does not pass for empty: exit 1, counted; flush keeps the lines in .rejected', async () => {
    const journal = join(dir, 'garbage.journal');
    await writeFile(journal, 'garbage\n{"op":"cre\n');
    const status = await cli(['status'], { K2_ANNOTATION_JOURNAL: journal });
    expect(status.code).toBe(ExitCode.Invalid);
    expect(status.stderr).toContain('2 line(s) of');
    const flush = await cli(['flush'], { K2_ANNOTATION_JOURNAL: journal });
    expect(flush.code).toBe(ExitCode.Invalid);
    expect(flush.stderr).toContain('2 unreadable line(s)');
    expect(await readFile(`${journal}.rejected`, 'utf8')).toContain('"unreadable":"garbage"');
    const after = await cli(['status'], { K2_ANNOTATION_JOURNAL: journal });
    expect(after.code).toBe(ExitCode.Ok);
    expect(after.stdout).toContain(`2 line(s) kept in ${journal}.rejected`);
  });
});
