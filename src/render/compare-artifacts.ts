import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactSet } from '../model/index.js';
import { withManifest } from './manifest.js';
import { readManifest } from './write-artifacts.js';

/**
 * Files in `dir` that differ from what the definitions generate: changed, missing, or generated earlier and no
 * longer generated. Empty means `dir` is up to date. Sorted, relative to `dir`.
 */
export async function compareArtifacts(artifacts: ArtifactSet, dir: string): Promise<string[]> {
  const all = withManifest(artifacts);
  const stale = new Set<string>();
  for (const [path, content] of all) {
    if ((await readOrUndefined(join(dir, path))) !== content) stale.add(path);
  }
  for (const path of await readManifest(dir)) {
    if (!all.has(path) && (await readOrUndefined(join(dir, path))) !== undefined) stale.add(path);
  }
  return [...stale].sort();
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
