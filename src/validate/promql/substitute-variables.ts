/**
 * Replaces Grafana template variables in a PromQL expression with values that keep the syntax valid, so the
 * expression can be parsed offline (lezer-promql flags `[$__rate_interval]` as an error). Positions in the result
 * map back to the original text, so parse errors report the column the user wrote.
 */

/** Built-ins Grafana expands to durations: always a duration literal. */
const DURATION_BUILTINS = new Set(['__rate_interval', '__interval', '__range', '__auto']);
/** Built-ins Grafana expands to plain numbers. */
const NUMBER_BUILTINS = new Set(['__interval_ms', '__range_s', '__range_ms', '__from', '__to']);
/** Keywords whose parenthesised list holds label names. */
const LABEL_LIST_KEYWORDS = /(?:by|without|on|ignoring|group_left|group_right)\s*$/;

/** What an unknown variable stands for where it sits: an identifier outside strings must still parse. */
export const VARIABLE_IDENTIFIER = 'grafana_variable';

export interface Substitution {
  /** The expression with every variable replaced. */
  readonly text: string;
  /** Original offset of each offset in `text` (length text.length + 1). */
  readonly originalOffset: readonly number[];
  /** Ranges in `text` that replaced a variable, so callers can ignore metric names a variable supplied. */
  readonly replaced: ReadonlyArray<{ readonly from: number; readonly to: number }>;
}

// `${name}`, `${name:format}`, `[[name]]`, `[[name:format]]`, `$name`.
const VARIABLE = /\$\{([A-Za-z0-9_.]+)(?::[^}]*)?\}|\[\[([A-Za-z0-9_.]+)(?::[^\]]*)?\]\]|\$([A-Za-z0-9_]+)/y;

export function substituteVariables(expr: string): Substitution {
  let text = '';
  const originalOffset: number[] = [];
  const replaced: Array<{ from: number; to: number }> = [];
  let quote: string | undefined;
  const openers: string[] = [];
  let i = 0;
  while (i < expr.length) {
    const ch = expr[i];
    if (quote) {
      // Inside a string literal any text is valid, so variables there stay as written.
      originalOffset.push(i);
      text += ch;
      if (ch === '\\' && quote !== '`' && i + 1 < expr.length) {
        originalOffset.push(i + 1);
        text += expr[i + 1];
        i += 2;
        continue;
      }
      if (ch === quote) quote = undefined;
      i += 1;
      continue;
    }
    VARIABLE.lastIndex = i;
    const match = VARIABLE.exec(expr);
    if (match) {
      const name = match[1] ?? match[2] ?? match[3];
      const value = replacement(name, { text, openers, after: expr.slice(i + match[0].length) });
      replaced.push({ from: text.length, to: text.length + value.length });
      for (let k = 0; k < value.length; k += 1) originalOffset.push(i);
      text += value;
      i += match[0].length;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') openers.push(ch === "(" ? `(${text.slice(-24)}` : ch);
    else if (ch === ')' || ch === ']' || ch === '}') openers.pop();
    originalOffset.push(i);
    text += ch;
    i += 1;
  }
  originalOffset.push(expr.length);
  return { text, originalOffset, replaced };
}

function replacement(name: string, context: { text: string; openers: readonly string[]; after: string }): string {
  if (DURATION_BUILTINS.has(name)) return '1m';
  if (NUMBER_BUILTINS.has(name)) return '60';
  const innermost = context.openers[context.openers.length - 1];
  if (innermost === '[' || /\boffset\s*$/.test(context.text)) return '1m';
  if (innermost?.startsWith('(') && LABEL_LIST_KEYWORDS.test(innermost.slice(1))) return VARIABLE_IDENTIFIER;
  // A variable right before a selector's `{` or a range `[` names a metric; anywhere else a number parses.
  if (/^\s*[{[]/.test(context.after)) return VARIABLE_IDENTIFIER;
  return '1';
}
