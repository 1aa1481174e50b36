/**
 * Small shape checks the kinds' `definitions.shapeIssues` share: each returns messages that name the field path,
 * e.g. "`dashboards[0].folderUid` must be a string".
 */

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

export interface FieldRule {
  readonly field: string;
  readonly type: 'string' | 'non-empty string' | 'object' | 'array' | 'boolean' | 'number or string';
  readonly optional?: boolean;
}

function fits(value: unknown, type: FieldRule['type']): boolean {
  if (type === 'string') return typeof value === 'string';
  if (type === 'non-empty string') return typeof value === 'string' && value !== '';
  if (type === 'object') return isObject(value);
  if (type === 'array') return Array.isArray(value);
  if (type === 'boolean') return typeof value === 'boolean';
  return typeof value === 'number' || typeof value === 'string';
}

/** `entry` must be an object whose fields fit the rules. */
export function fieldIssues(entry: unknown, path: string, rules: readonly FieldRule[]): string[] {
  if (!isObject(entry)) return [`\`${path}\` must be an object`];
  const out: string[] = [];
  for (const rule of rules) {
    const value = entry[rule.field];
    if (value === undefined && rule.optional) continue;
    if (!fits(value, rule.type)) out.push(`\`${path}.${rule.field}\` must be ${rule.type === 'array' || rule.type === 'object' ? `an ${rule.type}` : `a ${rule.type}`}`);
  }
  return out;
}

/** `{source, <field>: {...}}`, the entry shape most alerting kinds read: the wrapper, then the object's own fields. */
export function sourcedObjectIssues(entry: unknown, path: string, field: string, rules: readonly FieldRule[]): string[] {
  const issues = fieldIssues(entry, path, [{ field: 'source', type: 'string' }, { field, type: 'object' }]);
  return issues.length > 0 ? issues : fieldIssues((entry as Record<string, unknown>)[field], `${path}.${field}`, rules);
}
