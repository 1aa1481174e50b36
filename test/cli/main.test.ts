import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

function captureIO(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd: process.cwd(), isTTY: false };
}

describe('CLI usage errors', () => {
  it('an unknown flag exits 64 before the command runs, so nothing is written', async () => {
    const outDir = join(mkdtempSync(join(tmpdir(), 'k2-cli-')), 'provisioning');
    const io = captureIO();
    const code = await runCli(['generate', '--out', outDir, '--no-such-flag'], io);
    expect(code).toBe(64);
    expect(io.err.join('')).toMatch(/Unknown argument/);
    expect(existsSync(outDir)).toBe(false);
  });

  it('an unknown command exits 64 and names it', async () => {
    const io = captureIO();
    expect(await runCli(['no-such-verb'], io)).toBe(64);
    expect(io.err.join('')).toContain('no-such-verb');
  });

  it('no command at all exits 64', async () => {
    const io = captureIO();
    expect(await runCli([], io)).toBe(64);
  });

  it('every verb answers --help with exit 0', async () => {
    const { builtInVerbs: commands } = await import('../../src/cli/commands/index.js');
    expect(commands.length).toBeGreaterThan(5);
    for (const command of commands) {
      const io = captureIO();
      const code = await runCli([command.name, '--help'], io);
      expect(code, command.name).toBe(0);
      expect(io.out.join(''), command.name).toContain(`k2-grafana ${command.name}`);
    }
  });
});

describe('the built-in verbs are listed without being loaded', () => {
  it("each listed verb loads as the command of that name, usage and description", async () => {
    const { builtInVerbs } = await import('../../src/cli/commands/index.js');
    for (const entry of builtInVerbs) {
      const command = await entry.load();
      expect({ name: command.name, usage: command.usage, describe: command.describe }, entry.name).toEqual({ name: entry.name, usage: entry.usage, describe: entry.describe });
    }
  });

  it('top-level --help lists every verb', async () => {
    const { builtInVerbs } = await import('../../src/cli/commands/index.js');
    const io = captureIO();
    expect(await runCli(['--help'], io)).toBe(0);
    for (const entry of builtInVerbs) expect(io.out.join('')).toContain(entry.describe.slice(0, 40));
  });
});
