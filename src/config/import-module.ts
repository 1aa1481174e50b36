import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Imports a project's module (its config or definitions), TypeScript included. Native `import()` first: under a
 * TypeScript loader (tsx, vitest) that shares module instances with the caller. Plain Node 20 refuses `.ts`, and
 * then jiti (the loader ESLint and Tailwind use for `.ts` configs, with a file cache so the next start is fast)
 * transpiles it. Loaded only when needed: a `.js` project never pays for it.
 */
export async function importModule(path: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(prebuilt(path) ?? path).href)) as Record<string, unknown>;
  } catch (error) {
    if (!needsTranspiler(error)) throw error;
  }
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url, { interopDefault: false, fsCache: true, moduleCache: true });
  return (await jiti.import(path)) as Record<string, unknown>;
}

/**
 * The transpiled copy of a source file, when the CLI runs from a source checkout's build (bin/k2-grafana.js sets
 * where it is): the config and definitions then share the CLI's module instances instead of being loaded twice.
 */
function prebuilt(path: string): string | undefined {
  const build = (globalThis as Record<symbol, { sourceRoot: string; buildRoot: string } | undefined>)[Symbol.for('k2-grafana.prebuilt')];
  if (!build || !path.endsWith('.ts')) return undefined;
  const rel = relative(build.sourceRoot, path);
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  const built = join(build.buildRoot, rel.replace(/\.ts$/, '.js'));
  return existsSync(built) ? built : undefined;
}

function needsTranspiler(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === 'ERR_UNKNOWN_FILE_EXTENSION' || code === 'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING';
}
