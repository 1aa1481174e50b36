import { pathToFileURL } from 'node:url';

/**
 * Imports a project's module (its config or definitions), TypeScript included. Native `import()` first: under a
 * TypeScript loader (tsx, vitest) that shares module instances with the caller. Plain Node 20 refuses `.ts`, and
 * then jiti (the loader ESLint and Tailwind use for `.ts` configs, with a file cache so the next start is fast)
 * transpiles it. Loaded only when needed: a `.js` project never pays for it.
 */
export async function importModule(path: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    if (!needsTranspiler(error)) throw error;
  }
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url, { interopDefault: false, fsCache: true, moduleCache: true });
  return (await jiti.import(path)) as Record<string, unknown>;
}

function needsTranspiler(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === 'ERR_UNKNOWN_FILE_EXTENSION' || code === 'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING';
}
