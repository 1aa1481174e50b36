import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { resolveFrom, type LoadedConfig } from '../config/load-config.js';
import { importModule } from '../config/import-module.js';
import { InvalidDefinitionsError } from '../errors.js';
import { defaultRegistry } from '../kinds/registry.js';
import type { ProjectDefinition } from '../model/index.js';
import type { LintExclusion } from '../validate/lint-config.js';

/** What the generated index of `k2-grafana import` adds to a project. */
export interface ImportedParts {
  /** The index module, absolute. */
  readonly modulePath: string;
  /** Keys of the objects it defines, by project field (`dashboards` -> uids). */
  readonly keys: ReadonlyMap<string, ReadonlySet<string>>;
  /** How many entries it added to each project field (they come after the hand-written ones). */
  readonly added: ReadonlyMap<string, number>;
  /** Scoped lint exclusions it recorded ("imported; not yet reviewed"). */
  readonly lintExclusions: readonly LintExclusion[];
}

/** Where the generated index is: the config's `imported`, else `imported/index.ts` beside the definitions module. */
export function importedIndexPath(definitionsModule: string, config?: LoadedConfig): string {
  if (config?.config.imported !== undefined) return resolveFrom(config.dir, config.config.imported);
  return join(dirname(definitionsModule), 'imported', 'index.ts');
}

/**
 * The project with what the generated index exports merged in: `imported` (project fields, lists concatenated after
 * the hand-written ones) and `lintExclusions`. An object both define (same key in the same kind) is an error naming
 * both modules: the index is generated, so the fix is in the hand-written module or a re-import.
 */
export async function mergeImported(project: ProjectDefinition, definitionsModule: string, config?: LoadedConfig): Promise<{ project: ProjectDefinition; imported?: ImportedParts }> {
  const modulePath = importedIndexPath(definitionsModule, config);
  if (!existsSync(modulePath)) return { project };
  let loaded: Record<string, unknown>;
  try {
    loaded = await importModule(modulePath);
  } catch (error) {
    const message = ((error as Error).message ?? String(error)).split('\n')[0];
    throw new InvalidDefinitionsError(`could not load the imported definitions ${modulePath}: ${message}`, [`${modulePath}: ${message}`], 'Re-run `k2-grafana import` for the objects it names, or fix the generated module it points at.');
  }
  const parts = (loaded.imported ?? {}) as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...project };
  const keys = new Map<string, Set<string>>();
  const added = new Map<string, number>();
  const issues: string[] = [];
  const byField = new Map([...defaultRegistry.handlers.values()].map((h) => [h.definitions.field, h]));
  for (const [field, entries] of Object.entries(parts)) {
    if (!Array.isArray(entries)) {
      issues.push(`${modulePath}: \`imported.${field}\` must be a list`);
      continue;
    }
    const handler = byField.get(field);
    const own = new Set<string>();
    const keyOf = (entry: unknown): string | undefined => {
      try {
        const spec = handler?.definitions.specs([entry], { owner: '', editableRules: false })[0]?.spec;
        return spec === undefined ? undefined : handler!.key(spec);
      } catch {
        return undefined;
      }
    };
    const handWritten = new Set(((project[field] as unknown[] | undefined) ?? []).map(keyOf).filter((k): k is string => k !== undefined));
    for (const entry of entries) {
      const key = keyOf(entry);
      if (key === undefined) continue;
      own.add(key);
      if (handWritten.has(key)) {
        issues.push(`${handler!.kind} "${key}" is defined twice: in ${definitionsModule} and in ${modulePath} (imported)`);
      }
    }
    keys.set(field, own);
    added.set(field, entries.length);
    merged[field] = [...((project[field] as unknown[] | undefined) ?? []), ...entries];
  }
  if (issues.length > 0) {
    throw new InvalidDefinitionsError(`the imported definitions collide with the hand-written ones`, issues, 'Remove one of the two: delete the hand-written definition, or re-import under another uid (or drop its entry from the import with a re-import of the rest).');
  }
  const lintExclusions = Array.isArray(loaded.lintExclusions) ? (loaded.lintExclusions as LintExclusion[]) : [];
  return { project: merged as ProjectDefinition, imported: { modulePath, keys, added, lintExclusions } };
}

/** The project without what the generated index added: the hand-written definitions alone (for the importers' collision checks). */
export function handWrittenProject(project: ProjectDefinition, imported: ImportedParts | undefined): ProjectDefinition {
  if (!imported) return project;
  const out: Record<string, unknown> = { ...project };
  for (const [field, count] of imported.added) {
    const entries = project[field];
    // The index's entries come after the hand-written ones (mergeImported): keep the entries before them.
    if (Array.isArray(entries)) out[field] = entries.slice(0, entries.length - count);
  }
  return out as ProjectDefinition;
}
