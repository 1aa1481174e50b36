import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Config file names, in the order they are looked for in each folder. */
export const configFileNames = ['k2-grafana.config.ts', 'k2-grafana.config.mts', 'k2-grafana.config.js', 'k2-grafana.config.mjs'] as const;

/**
 * The project's config file: in `cwd`, or the nearest folder above it, stopping at the first folder that holds a
 * `package.json` (the project's root), so a config of an enclosing project is never picked up by accident.
 */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of configFileNames) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    if (existsSync(join(dir, 'package.json'))) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Nearest folder at or above `start` holding a package.json; `start` itself when there is none. */
export function packageRootOf(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}
