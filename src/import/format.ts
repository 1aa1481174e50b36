import { InternalError } from '../errors.js';

/** How generated TypeScript is laid out: the house style of this repository's own code. */
const PRETTIER_OPTIONS = { parser: 'typescript', singleQuote: true, printWidth: 120, trailingComma: 'all', quoteProps: 'as-needed' } as const;

/**
 * Formats generated TypeScript with prettier (a pinned dependency, so the same input always gives the same bytes).
 * Loaded lazily: only the import verb pays for it.
 */
export async function formatTypeScript(files: ReadonlyMap<string, string>): Promise<Map<string, string>> {
  const prettier = await import('prettier');
  const out = new Map<string, string>();
  for (const [path, text] of files) {
    try {
      out.set(path, await prettier.format(text, PRETTIER_OPTIONS));
    } catch (error) {
      // The generator wrote something that does not parse: our bug, never the input's.
      throw new InternalError(`the importer generated TypeScript that does not parse (${path}): ${(error as Error).message.split('\n')[0]}`, { cause: error });
    }
  }
  return out;
}
