import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareArtifacts, MANIFEST_FILE, writeArtifacts } from '../../src/render/index.js';

const artifacts = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('writeArtifacts and compareArtifacts', () => {
  let parent: string;
  let dir: string;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'k2-write-'));
    dir = join(parent, 'provisioning');
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('writes every file and a manifest; compare then finds nothing stale', async () => {
    const set = artifacts({ 'dashboards/f/a.json': '{}\n', 'alerting/r.yaml': 'apiVersion: 1\n' });
    const result = await writeArtifacts(set, dir);
    expect(result.written.sort()).toEqual(['alerting/r.yaml', 'dashboards/f/a.json']);
    expect(readFileSync(join(dir, 'dashboards/f/a.json'), 'utf8')).toBe('{}\n');
    expect(readFileSync(join(dir, MANIFEST_FILE), 'utf8')).toContain('dashboards/f/a.json');
    expect(await compareArtifacts(set, dir)).toEqual([]);
    // No staging directory is left behind.
    expect(readdirSync(parent)).toEqual(['provisioning']);
  });

  it('reports changed, missing and no-longer-generated files as stale', async () => {
    await writeArtifacts(artifacts({ 'a.json': '1\n', 'b.json': '2\n', 'old.json': '3\n' }), dir);
    writeFileSync(join(dir, 'a.json'), 'edited by hand\n');
    rmSync(join(dir, 'b.json'));
    const next = artifacts({ 'a.json': '1\n', 'b.json': '2\n', 'c.json': '4\n' });
    expect(await compareArtifacts(next, dir)).toEqual([MANIFEST_FILE, 'a.json', 'b.json', 'c.json', 'old.json']);
  });

  it('rewrites only changed files, removes its own stale files and leaves foreign files alone', async () => {
    await writeArtifacts(artifacts({ 'keep.json': 'k\n', 'change.json': 'v1\n', 'gone/old.json': 'o\n' }), dir);
    writeFileSync(join(dir, 'foreign.yaml'), 'someone else\n');
    const before = statSync(join(dir, 'keep.json')).mtimeMs;
    const result = await writeArtifacts(artifacts({ 'keep.json': 'k\n', 'change.json': 'v2\n' }), dir);
    expect(result).toEqual({ written: ['change.json'], unchanged: ['keep.json'], removed: ['gone/old.json'] });
    expect(statSync(join(dir, 'keep.json')).mtimeMs).toBe(before);
    expect(existsSync(join(dir, 'gone'))).toBe(false);
    expect(readFileSync(join(dir, 'foreign.yaml'), 'utf8')).toBe('someone else\n');
    expect(await compareArtifacts(artifacts({ 'keep.json': 'k\n', 'change.json': 'v2\n' }), dir)).toEqual([]);
  });

  it('writes nothing when one file cannot be placed', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'dashboards'), 'a file where a folder must go\n');
    const set = artifacts({ 'alerting/r.yaml': 'x\n', 'dashboards/f/a.json': '{}\n' });
    await expect(writeArtifacts(set, dir)).rejects.toThrow();
    expect(existsSync(join(dir, 'alerting/r.yaml'))).toBe(false);
    expect(existsSync(join(dir, MANIFEST_FILE))).toBe(false);
    expect(readdirSync(parent)).toEqual(['provisioning']);
  });

  it('refuses paths that leave the output directory', async () => {
    await expect(writeArtifacts(artifacts({ '../escape.json': 'x\n' }), dir)).rejects.toThrow(/leaves the output directory/);
    expect(existsSync(join(parent, 'escape.json'))).toBe(false);
  });
});
