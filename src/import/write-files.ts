import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CantCreateError } from '../errors.js';
import type { GeneratedFile } from './import-result.js';

export interface WriteImportResult {
  readonly written: readonly string[];
  readonly removed: readonly string[];
}

/**
 * Writes every file or none: each goes to a temporary file beside its place first, and only when all are written are
 * they renamed into place (a rename within a folder is atomic). Then files left in the folders the import owns (a
 * panel that is gone since the last import) are removed. A failure removes the temporary files and names the path.
 */
export async function writeImportFiles(rootDir: string, files: readonly GeneratedFile[], ownedDirs: readonly string[]): Promise<WriteImportResult> {
  const suffix = `.k2g-${process.pid}-${Date.now()}.tmp`;
  const temps: string[] = [];
  try {
    for (const file of files) {
      const target = join(rootDir, file.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(`${target}${suffix}`, file.text);
      temps.push(`${target}${suffix}`);
    }
  } catch (error) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    throw new CantCreateError(`import: could not write ${(error as NodeJS.ErrnoException).path ?? 'the generated files'}: ${(error as Error).message}; nothing was written`, 'Check the project folder is writable (and the disk not full), then import again.', { cause: error });
  }
  for (const file of files) await rename(`${join(rootDir, file.path)}${suffix}`, join(rootDir, file.path));
  const wanted = new Set(files.map((f) => f.path));
  const removed: string[] = [];
  for (const dir of ownedDirs) {
    for (const path of await listFiles(rootDir, dir)) {
      if (wanted.has(path) || !path.endsWith('.ts')) continue;
      await rm(join(rootDir, path), { force: true });
      removed.push(path);
    }
  }
  return { written: files.map((f) => f.path), removed };
}

async function listFiles(rootDir: string, dir: string): Promise<string[]> {
  const entries = await readdir(join(rootDir, dir), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFiles(rootDir, path)));
    else out.push(path);
  }
  return out;
}
