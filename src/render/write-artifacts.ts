import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CantCreateError } from '../errors.js';
import type { ArtifactSet } from '../model/index.js';
import { MANIFEST_FILE, parseManifest, withManifest } from './manifest.js';
import { assertRelativeArtifactPath } from './safe-path.js';
import { fileWriteError } from './write-error.js';

export interface WriteResult {
  /** Files created or changed, relative to the directory. */
  readonly written: string[];
  readonly unchanged: string[];
  /** Files a previous run generated that are no longer generated. */
  readonly removed: string[];
}

/**
 * Write artifacts into `dir` all or nothing: every file is first written to a temporary directory beside `dir`
 * (same filesystem), and only when all succeeded are they renamed into place. Unchanged files are not rewritten
 * (their mtimes stay, so Grafana's file watcher sees nothing). Files of ours that are no longer generated are
 * removed; files we never generated are left alone. Validate the project before calling this.
 */
export async function writeArtifacts(artifacts: ArtifactSet, dir: string): Promise<WriteResult> {
  const all = withManifest(artifacts);
  for (const path of all.keys()) assertRelativeArtifactPath(path);
  // A regular file where the folder belongs, a read-only or missing parent: the user's to fix, said before any write.
  if ((await stat(dir).catch(() => undefined))?.isDirectory() === false) {
    throw new CantCreateError(`output folder ${dir} is a file, not a folder; nothing was written`, 'Pass --out a folder (it is created when missing), or move the file away.');
  }
  try {
    return await writeInto(all, dir);
  } catch (error) {
    throw fileWriteError(error, `the output folder ${dir}; nothing was replaced`, 'Pass --out a folder you can write to (its parent must exist or be creatable, and not be a file).');
  }
}

async function writeInto(all: Map<string, string>, dir: string): Promise<WriteResult> {
  const previous = await readManifest(dir);

  await mkdir(dirname(dir), { recursive: true });
  const staging = await mkdtemp(join(dirname(dir), `.${basename(dir)}.staging-`));
  const written: string[] = [];
  const unchanged: string[] = [];
  try {
    const changed: string[] = [];
    for (const [path, content] of all) {
      if ((await readOrUndefined(join(dir, path))) === content) {
        if (path !== MANIFEST_FILE) unchanged.push(path);
        continue;
      }
      await mkdir(dirname(join(staging, path)), { recursive: true });
      await writeFile(join(staging, path), content, 'utf8');
      changed.push(path);
    }
    // Every target directory first, and writable: a path that cannot be created or written fails here, before any
    // file is replaced.
    for (const path of changed) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await access(dirname(join(dir, path)), constants.W_OK);
    }
    // The manifest last, so it only ever lists files that are in place.
    for (const path of changed.sort((a, b) => Number(a === MANIFEST_FILE) - Number(b === MANIFEST_FILE))) {
      await rename(join(staging, path), join(dir, path));
      if (path !== MANIFEST_FILE) written.push(path);
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }

  const removed: string[] = [];
  for (const path of previous) {
    if (all.has(path)) continue;
    assertRelativeArtifactPath(path);
    if ((await readOrUndefined(join(dir, path))) === undefined) continue;
    await rm(join(dir, path), { force: true });
    removed.push(path);
    await removeEmptyParents(dir, dirname(path));
  }
  return { written, unchanged, removed };
}

/** Paths the manifest in `dir` lists (empty when there is none). */
export async function readManifest(dir: string): Promise<string[]> {
  const content = await readOrUndefined(join(dir, MANIFEST_FILE));
  return content === undefined ? [] : parseManifest(content);
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
}

async function removeEmptyParents(root: string, relativeDir: string): Promise<void> {
  let current = relativeDir;
  while (current !== '.' && current !== '' && current !== '/') {
    const full = join(root, current);
    try {
      if ((await readdir(full)).length > 0) return;
      await rmdir(full);
    } catch {
      return;
    }
    current = dirname(current);
  }
}
