import { stringify } from 'yaml';

/**
 * Deep copy with object keys sorted (arrays keep their order, which means something: panels, queries, steps) and
 * undefined dropped, so the same value always serialises to the same bytes.
 */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) out[key] = sortKeys(child);
    }
    return out;
  }
  return value;
}

/** Canonical JSON: sorted keys, 2-space indent, final newline. */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/** Canonical YAML: sorted keys, 2-space indent, no line folding, no anchors/aliases, final newline. */
export function canonicalYaml(value: unknown, header?: string): string {
  const body = stringify(sortKeys(value), { indent: 2, lineWidth: 0, aliasDuplicateObjects: false });
  return header ? `${header.split('\n').map((line) => `# ${line}`.trimEnd()).join('\n')}\n${body}` : body;
}
