/**
 * Names of generated modules, exports and variables, from titles: `Consumer lag (p99)` -> `consumerLagP99` /
 * `consumer-lag-p99`. Made unique in the order objects are imported, so the same input always gives the same names.
 * One module for both importers (dashboards and alerting), so names read alike across them.
 */

const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'await',
  // Every generated module declares `source`.
  'source',
]);

/**
 * Identifier words of a title: `Consumer lag (p99)` -> ['consumer', 'lag', 'p99']; camel case splits before a
 * capitalised word (`OpenSearch` -> open, search) but not inside an acronym (`gRPC` -> grpc); non-ASCII dropped.
 */
function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function camel(parts: readonly string[]): string {
  return parts.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
}

/** `consumerLag` (at most six words); a leading digit gets a prefix, so it is a valid identifier. */
export function camelName(text: string, fallback: string): string {
  const name = camel(words(text).slice(0, 6));
  if (name === '') return fallback;
  return /^[0-9]/.test(name) ? `n${name}` : name;
}

/** `consumer-lag` (at most eight words) for file names. */
export function kebabName(text: string, fallback: string): string {
  const parts = words(text).slice(0, 8);
  return parts.length === 0 ? fallback : parts.join('-');
}

/** `camelCase` identifier from a whole title, with a suffix naming what it is (`RuleGroup`); never a reserved word. */
export function identifierFor(title: string, suffix: string): string {
  const head = camel(words(title));
  const base = head === '' ? suffix[0]!.toLowerCase() + suffix.slice(1) : /^[0-9]/.test(head) ? `n${head}${suffix}` : `${head}${suffix}`;
  return RESERVED.has(base) ? `${base}Definition` : base;
}

/** `kebab-case` file name (no extension) from a whole title, at most 80 characters. */
export function fileNameFor(title: string, fallback: string): string {
  const name = words(title).join('-').slice(0, 80).replace(/-+$/, '');
  return name === '' ? fallback : name;
}

/** Environment variable name for a contact point's secret setting: `CP_<NAME>_<KEY>`, upper snake case. */
export function secretVariableFor(contactPointName: string, setting: string): string {
  const snake = (text: string) => words(text).join('_').toUpperCase();
  return `CP_${snake(contactPointName) || 'CONTACT_POINT'}_${snake(setting) || 'SECRET'}`;
}

/** Hands out names unique within one scope, case-insensitively: the second `latency` becomes `latency2`. */
export class UniqueNames {
  private readonly used = new Set<string>();
  private readonly separator: string;

  /** `reserved`: names already taken (existing modules); `separator` goes before the number (`_` for variables). */
  constructor(options: { readonly reserved?: Iterable<string>; readonly separator?: string } = {}) {
    this.separator = options.separator ?? '';
    for (const name of options.reserved ?? []) this.used.add(name.toLowerCase());
  }

  take(name: string): string {
    let candidate = name;
    for (let n = 2; this.used.has(candidate.toLowerCase()); n += 1) candidate = `${name}${this.separator}${n}`;
    this.used.add(candidate.toLowerCase());
    return candidate;
  }
}
