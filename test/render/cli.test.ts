import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

interface Captured extends CliIO {
  out: string[];
  err: string[];
}

function captureIO(cwd: string): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd, isTTY: false };
}

const fixtures = join(import.meta.dirname, 'fixtures');
/** K2's definitions, named explicitly: nothing falls back to them. */
const k2 = ['--definitions', join(import.meta.dirname, '../../dashboards/index.ts')];

describe('k2-grafana generate / check', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'k2-cli-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('generates provisioning/, then check passes; a second generate changes nothing', async () => {
    const io = captureIO(cwd);
    expect(await runCli(['generate', ...k2], io)).toBe(0);
    expect(io.out.join('')).toContain('provisioning/: 10 written, 0 unchanged, 0 removed');
    expect(existsSync(join(cwd, 'provisioning/dashboards/k2/k2-degradation.json'))).toBe(true);

    const check = captureIO(cwd);
    expect(await runCli(['check', ...k2], check)).toBe(0);
    expect(check.out.join('')).toContain('up to date');

    const again = captureIO(cwd);
    expect(await runCli(['generate', ...k2, '--output', 'json'], again)).toBe(0);
    expect(JSON.parse(again.out.join(''))).toMatchObject({ ok: true, written: [], removed: [] });
  });

  it('matches the committed provisioning/ of this repository', async () => {
    const io = captureIO(join(import.meta.dirname, '../..'));
    expect(await runCli(['check'], io), io.err.join('')).toBe(0);
  });

  it('fails check with exit 1 listing stale files', async () => {
    expect(await runCli(['generate', ...k2, '--out', 'out'], captureIO(cwd))).toBe(0);
    writeFileSync(join(cwd, 'out/alerting/policies.yaml'), 'edited\n');
    rmSync(join(cwd, 'out/datasources/prometheus.yaml'));
    const io = captureIO(cwd);
    expect(await runCli(['check', ...k2, '--out', 'out'], io)).toBe(1);
    const err = io.err.join('');
    expect(err).toContain('stale   out/alerting/policies.yaml');
    expect(err).toContain('stale   out/datasources/prometheus.yaml');
    expect(err).toContain('npm run generate');

    const json = captureIO(cwd);
    expect(await runCli(['check', ...k2, '--out', 'out', '--output', 'json'], json)).toBe(1);
    expect(JSON.parse(json.out.join(''))).toEqual({
      ok: false,
      issues: [],
      stale: ['alerting/policies.yaml', 'datasources/prometheus.yaml'],
      unreviewed: [],
    });
  });

  it('refuses invalid definitions: names the file, panel and query, exits 1 and writes nothing', async () => {
    for (const verb of ['generate', 'check']) {
      const io = captureIO(cwd);
      expect(await runCli([verb, '--definitions', join(fixtures, 'broken-promql.ts')], io)).toBe(1);
      const err = io.err.join('');
      expect(err).toMatch(/dashboards\/degradation\/index\.ts > .*panel "Consumer lag" > query A: .*/);
      expect(err).toContain('problem(s) in the definitions');
      expect(existsSync(join(cwd, 'provisioning'))).toBe(false);
    }
  });

  it('refuses literal secrets anywhere in the definitions before writing, never printing them (issue 15)', async () => {
    for (const verb of ['generate', 'check']) {
      const io = captureIO(cwd);
      expect(await runCli([verb, '--definitions', join(fixtures, 'literal-secrets.ts')], io)).toBe(1);
      const err = io.err.join('');
      expect(err).toMatch(/datasource "[^"]+": url holds what looks like credentials in a URL \(scheme:\/\/\*\*\*:\*\*\*@\)/);
      expect(err).toMatch(/> panel "[^"]+": panels\/1\/description holds what looks like a Grafana service-account token \(glsa_\*\*\*\)/);
      expect(err).not.toMatch(/hunter2|scraper|AbCdEfGhIj/);
      expect(existsSync(join(cwd, 'provisioning'))).toBe(false);
    }
  });

  it('keeps the existing files when the definitions turn invalid', async () => {
    expect(await runCli(['generate', ...k2], captureIO(cwd))).toBe(0);
    const before = readFileSync(join(cwd, 'provisioning/dashboards/k2/k2-degradation.json'), 'utf8');
    expect(await runCli(['generate', '--definitions', join(fixtures, 'broken-promql.ts')], captureIO(cwd))).toBe(1);
    expect(readFileSync(join(cwd, 'provisioning/dashboards/k2/k2-degradation.json'), 'utf8')).toBe(before);
  });

  it('rejects a module without a project export (exit 1) and a missing module or unknown flag (exit 64)', async () => {
    const noProject = captureIO(cwd);
    expect(await runCli(['generate', '--definitions', join(fixtures, 'no-project.ts')], noProject)).toBe(1);
    expect(noProject.err.join('')).toContain('does not export a valid project');
    expect(noProject.err.join('')).toContain('no `project` export');

    const missing = captureIO(cwd);
    expect(await runCli(['generate', '--definitions', 'nowhere/index.ts'], missing)).toBe(64);
    expect(missing.err.join('')).toContain('no such file');

    const unknown = captureIO(cwd);
    expect(await runCli(['generate', '--bogus'], unknown)).toBe(64);
    expect(unknown.err.join('')).toContain('Unknown argument: bogus');
  });
});
