/** Whether a request path (query and trailing slashes ignored) matches a pattern whose `:name` segments match any one segment. */
export function matchesPathPattern(pattern: string, path: string): boolean {
  const a = pattern.split('/');
  const b = path.split('?')[0]!.replace(/\/+$/, '').split('/');
  return a.length === b.length && a.every((seg, i) => seg.startsWith(':') || seg === b[i]);
}
