import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The repository root, and a path relative to it with forward slashes (as the messages print it). */
export const root = new URL('../..', import.meta.url).pathname;
export const repoPath = (absolute: string): string => relative(root, absolute).split(sep).join('/');

/** Every file under a folder of the repository, recursively, as absolute paths in a stable order. */
export function filesUnder(folder: string, keep: (path: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (keep(path)) out.push(path);
    }
  };
  walk(join(root, folder));
  return out;
}

export const readText = (path: string): string => readFileSync(path, 'utf8');
