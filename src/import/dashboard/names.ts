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

/** `consumerLag`; a leading digit gets a prefix, so it is a valid identifier. */
export function camelName(text: string, fallback: string): string {
  const parts = words(text).slice(0, 6);
  if (parts.length === 0) return fallback;
  const name = parts.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  return /^[0-9]/.test(name) ? `n${name}` : name;
}

/** `consumer-lag` for file names. */
export function kebabName(text: string, fallback: string): string {
  const parts = words(text).slice(0, 8);
  return parts.length === 0 ? fallback : parts.join('-');
}

/** Hands out names, the second `x` becoming `x2`, in the order asked: deterministic for the same input. */
export class UniqueNames {
  private readonly used = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.used.add(name.toLowerCase());
  }

  take(name: string): string {
    let candidate = name;
    for (let n = 2; this.used.has(candidate.toLowerCase()); n += 1) candidate = `${name}${n}`;
    this.used.add(candidate.toLowerCase());
    return candidate;
  }
}
