/**
 * Grafana's expansion of provisioning-file strings, re-implemented for tests from its source, to check that what we
 * write reads back as the text we meant:
 * - grafana/grafana pkg/services/provisioning/values/values.go (commit 03d9862a11fa9db1790da9ae5bc3577700e7fe61)
 *   `interpolateValue`: split on `$$`, expand each part with `setting.ExpandVar` then `os.ExpandEnv`, join with `$`.
 * - Go's os.Expand / getShellName: `$NAME` (letters, digits, `_`), `${NAME}`, `$` + one special character
 *   (`*#$@!?-` or a digit) names that variable; `${}` and an unclosed `${` are eaten; a `$` followed by anything else,
 *   or last, stays. An unset variable is "".
 * - `setting.ExpandVar` expands `$__env{NAME}` (the `$__file{}` / `$__vault{}` providers are not needed here).
 */
export type Env = Readonly<Record<string, string | undefined>>;

const SPECIAL = new Set(['*', '#', '$', '@', '!', '?', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
const ALNUM = /[A-Za-z0-9_]/;

function shellName(s: string): { name: string; width: number } {
  if (s[0] === '{') {
    if (s.length > 2 && SPECIAL.has(s[1]!) && s[2] === '}') return { name: s[1]!, width: 3 };
    for (let i = 1; i < s.length; i++) {
      if (s[i] === '}') return i === 1 ? { name: '', width: 2 } : { name: s.slice(1, i), width: i + 1 };
    }
    return { name: '', width: 1 };
  }
  if (SPECIAL.has(s[0]!)) return { name: s[0]!, width: 1 };
  let i = 0;
  while (i < s.length && ALNUM.test(s[i]!)) i++;
  return { name: s.slice(0, i), width: i };
}

/** Go's os.Expand with os.Getenv as the mapping. */
export function goExpandEnv(s: string, env: Env): string {
  let out = '';
  let from = 0;
  for (let j = 0; j < s.length; j++) {
    if (s[j] === '$' && j + 1 < s.length) {
      out += s.slice(from, j);
      const { name, width } = shellName(s.slice(j + 1));
      if (name === '' && width > 0) {
        // invalid syntax: eaten
      } else if (name === '') out += '$';
      else out += env[name] ?? '';
      j += width;
      from = j + 1;
    }
  }
  return out + s.slice(from);
}

function expandVar(s: string, env: Env): string {
  return s.replace(/\$__env\{([^}]*)\}/g, (_m, name: string) => env[name] ?? '');
}

/** values.go `interpolateValue`. */
export function grafanaInterpolate(value: string, env: Env): string {
  return value.split('$$').map((part) => goExpandEnv(expandVar(part, env), env)).join('$');
}

/** A `JSONValue` / `StringMapValue` read through `.Value()`: every string inside interpolated. */
export function grafanaInterpolateAll<T>(value: T, env: Env): T {
  if (typeof value === 'string') return grafanaInterpolate(value, env) as T;
  if (Array.isArray(value)) return value.map((v) => grafanaInterpolateAll(v, env)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, grafanaInterpolateAll(v, env)])) as T;
  }
  return value;
}
