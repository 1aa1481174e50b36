/**
 * Names of generated modules and exports, from titles: `consumer lag (high)` -> `consumerLagHigh` / `consumer-lag-high`.
 * Made unique in the order objects are imported (the input order), so the same input always gives the same names.
 */

const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'await',
  'source',
]);

/** Words of a title: split on anything not a letter or digit, and where lower case meets upper case. */
function words(title: string): string[] {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/** `camelCase` identifier from a title, with a suffix naming what it is (`RuleGroup`); never a reserved word. */
export function identifierFor(title: string, suffix: string): string {
  const parts = words(title);
  const head = parts.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
  const base = head === '' ? suffix[0]!.toLowerCase() + suffix.slice(1) : /^[0-9]/.test(head) ? `n${head}${suffix}` : `${head}${suffix}`;
  return RESERVED.has(base) ? `${base}Definition` : base;
}

/** `kebab-case` file name (no extension) from a title. */
export function fileNameFor(title: string, fallback: string): string {
  const name = words(title).join('-').slice(0, 80).replace(/-+$/, '');
  return name === '' ? fallback : name;
}

/** Hands out names unique within one scope: the second `latency` becomes `latency2`, the third `latency3`. */
export class UniqueNames {
  private readonly taken = new Set<string>();
  constructor(private readonly separator = '') {}

  take(name: string): string {
    let candidate = name;
    for (let n = 2; this.taken.has(candidate.toLowerCase()); n++) candidate = `${name}${this.separator}${n}`;
    this.taken.add(candidate.toLowerCase());
    return candidate;
  }
}

/** Environment variable name for a contact point's secret setting: `CP_<NAME>_<KEY>`, upper snake case. */
export function secretVariableFor(contactPointName: string, setting: string): string {
  const snake = (text: string) => words(text).join('_').toUpperCase();
  return `CP_${snake(contactPointName) || 'CONTACT_POINT'}_${snake(setting) || 'SECRET'}`;
}
