import { InternalError } from '../errors.js';

/** How generated TypeScript is laid out: the house style of this repository's own code. */
const PRETTIER_OPTIONS = { parser: 'typescript', singleQuote: true, printWidth: 120, trailingComma: 'all', quoteProps: 'as-needed' } as const;

export interface FormatOptions {
  /**
   * Format twice, so running prettier on the output changes nothing (the alerting importer's long builder chains need
   * it). Off for dashboards: their modules reach the fixpoint in one pass, and prettier is most of an import's time.
   */
  readonly untilStable?: boolean;
}

/** Line that separates files in the one text prettier formats (a comment prettier keeps on its own line). */
const SEPARATOR = '// @k2-grafana-import-file ';

/**
 * Formats generated TypeScript with prettier (a pinned dependency, so the same input always gives the same bytes).
 * Loaded lazily: only the import verb pays for it. The files go through prettier as one text, each after a separator
 * comment (one call instead of one per file: most of prettier's time is per call), and are split again after.
 */
export async function formatTypeScript(files: ReadonlyMap<string, string>, options: FormatOptions = {}): Promise<Map<string, string>> {
  if (files.size === 0) return new Map();
  const prettier = await import('prettier');
  // Batches of about BATCH_CHARS: few calls (each has a fixed cost), and no single text of megabytes.
  const batches: string[][] = [[]];
  let size = 0;
  for (const path of files.keys()) {
    if (size > BATCH_CHARS) {
      batches.push([]);
      size = 0;
    }
    batches[batches.length - 1]!.push(path);
    size += files.get(path)!.length;
  }
  const out = new Map<string, string>();
  for (const batch of batches) {
    const joined = batch.map((path) => `${SEPARATOR}${path}\n${files.get(path)!}\n`).join('\n');
    let formatted: string;
    try {
      formatted = await prettier.format(joined, PRETTIER_OPTIONS);
      // A chain prettier first breaks can fit on fewer lines once broken: one more pass reaches its fixpoint.
      if (options.untilStable) formatted = await prettier.format(formatted, PRETTIER_OPTIONS);
    } catch (error) {
      // The generator wrote something that does not parse: our bug, never the input's.
      throw new InternalError(`the importer generated TypeScript that does not parse: ${(error as Error).message.split('\n')[0]}`, { cause: error });
    }
    for (const chunk of formatted.split(SEPARATOR).slice(1)) {
      const newline = chunk.indexOf('\n');
      out.set(chunk.slice(0, newline), `${chunk.slice(newline + 1).trim()}\n`);
    }
  }
  if (out.size !== files.size) throw new InternalError(`formatting split ${files.size} generated files into ${out.size}`);
  return out;
}

const BATCH_CHARS = 200_000;
