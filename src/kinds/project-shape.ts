import { InvalidDefinitionsError } from '../errors.js';
import { defaultRegistry, type Registry } from './registry.js';

/** Project fields that are settings, not a kind's definitions. */
const SETTINGS: Readonly<Record<string, 'string' | 'string[]'>> = { name: 'string', knownMetrics: 'string[]', runbooksFile: 'string' };

/**
 * What is wrong with the shape of a project definition, checked against the registry: each kind's field must be a
 * list whose entries have that kind's shape, and a field no registered kind reads is an error (a kind that was not
 * registered, or a typo). Each message names the field path, e.g. "`dashboards[0].folderUid` must be a string".
 * Empty when the shape is right. The definitions loader and `desiredResources` call it before anything is used.
 */
export function projectShapeIssues(value: unknown, registry: Registry = defaultRegistry): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return ['the project must be an object (`export const project = { name, dashboards, ... }`)'];
  const project = value as Record<string, unknown>;
  const out: string[] = [];
  const byField = new Map([...registry.handlers.values()].map((h) => [h.definitions.field, h]));
  for (const [field, entries] of Object.entries(project)) {
    if (entries === undefined) continue;
    const setting = SETTINGS[field];
    if (setting === 'string') {
      if (typeof entries !== 'string' || (field === 'name' && entries === '')) out.push(`\`${field}\` must be a ${field === 'name' ? 'non-empty ' : ''}string`);
      continue;
    }
    if (setting === 'string[]') {
      if (!Array.isArray(entries) || entries.some((e) => typeof e !== 'string')) out.push(`\`${field}\` must be a list of strings`);
      continue;
    }
    const handler = byField.get(field);
    if (!handler) {
      const known = [...byField.keys()].join(', ');
      out.push(`\`${field}\` is read by no registered kind (kinds read: ${known}); register its kind with extendRegistry, or remove the field`);
      continue;
    }
    if (!Array.isArray(entries)) {
      out.push(`\`${field}\` must be a list of ${handler.kind} definitions`);
      continue;
    }
    entries.forEach((entry, i) => out.push(...handler.definitions.shapeIssues(entry, `${field}[${i}]`)));
  }
  if (project.name === undefined) out.push('`name` must be a non-empty string');
  return out;
}

/** Throws an InvalidDefinitionsError listing every shape problem (exit 1); generate and desiredResources call it. */
export function checkProjectShape(project: unknown, registry: Registry = defaultRegistry): void {
  const issues = projectShapeIssues(project, registry);
  if (issues.length > 0) throw new InvalidDefinitionsError(`the project definitions have ${issues.length} problem(s)`, issues, 'Fix the fields named above in the definitions module.');
}
