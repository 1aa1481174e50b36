import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 11: in a checkout, bin/k2-grafana.js runs the working tree, never a stale build: the build is keyed by a
 * hash of the sources' content. Tried on a copy of the checkout, so the real one is never edited.
 */
const root = join(import.meta.dirname, '../..');
let copy: string;

function help(): string {
  const r = spawnSync(process.execPath, [join(copy, 'bin/k2-grafana.js'), '--help'], { cwd: copy, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'k2g-launcher-'));
  for (const entry of ['bin', 'src', 'dashboards', 'k2', 'k2-grafana.config.ts', 'package.json']) cpSync(join(root, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('bin/k2-grafana.js in a checkout', () => {
  it('rebuilds when a source changes, and only then', () => {
    expect(help()).toContain('Start a project: a config');
    const hashFile = join(copy, '.k2-grafana/build/.source-hash');
    const first = readFileSync(hashFile, 'utf8');
    help();
    expect(readFileSync(hashFile, 'utf8')).toBe(first);

    const verbs = join(copy, 'src/cli/commands/index.ts');
    writeFileSync(verbs, readFileSync(verbs, 'utf8').replace('Start a project: a config', 'Begin a project: a config'));
    expect(help()).toContain('Begin a project: a config');
    expect(readFileSync(hashFile, 'utf8')).not.toBe(first);
  }, 120_000);
});
