/**
 * The part of Go's text/template parser that notification templates can be checked against offline (Node cannot run
 * Go): Grafana parses every template with text/template and html/template (pkg/services/ngalert/api/tooling/
 * definitions NotificationTemplate.Validate) and prefixes the error `invalid template: template: <name>:<line>: `.
 * Checked here: an action left open (`{{` without `}}`), a stray `}}` outside an action (Go prints it as text; it is
 * almost always a typo, so we refuse it), a `define`/`if`/`range`/`with`/`block` never closed by `{{ end }}`, an
 * `{{ end }}` or `{{ else }}` with nothing open, and a `{{ template "x" }}` naming a template neither the project nor
 * Grafana defines. Not checked: function names and arguments, pipelines, variables, field names (docs/grafana.md).
 */

/** Templates every Grafana defines (grafana/alerting templates/default_template.go; the list is UNVERIFIED). */
export const GRAFANA_DEFAULT_TEMPLATES: readonly string[] = [
  '__subject', '__description', '__text_values_list', '__text_alert_list', '__teams_text_alert_list', '__text_alert_name',
  'default.title', 'default.message', 'teams.default.message',
];

interface Action {
  readonly text: string;
  readonly line: number;
}

const BLOCKS = new Set(['define', 'if', 'range', 'with', 'block']);

/** Splits a template into its actions; the first problem found stops the scan, as Go's lexer does. */
function actions(content: string, prefix: string): { actions: Action[]; problem?: string } {
  const out: Action[] = [];
  let line = 1;
  let i = 0;
  const lineAt = (to: number) => {
    for (; i < to; i++) if (content[i] === '\n') line++;
  };
  for (;;) {
    const open = content.indexOf('{{', i);
    const stray = content.indexOf('}}', i);
    if (stray >= 0 && (open < 0 || stray < open)) {
      lineAt(stray);
      return { actions: out, problem: `${prefix}${line}: unexpected "}}" outside an action (a "{{" is missing)` };
    }
    if (open < 0) return { actions: out };
    lineAt(open);
    const start = line;
    let j = open + 2;
    let quote: string | undefined;
    let close = -1;
    const comment = /^-?\s*\/\*/.test(content.slice(j, j + 4));
    for (; j < content.length; j++) {
      const c = content[j];
      if (comment) {
        if (content.startsWith('*/', j)) {
          close = content.indexOf('}}', j);
          break;
        }
        continue;
      }
      if (quote) {
        if (c === '\\' && quote === '"') j++;
        else if (c === quote) quote = undefined;
      } else if (c === '"' || c === '`' || c === "'") quote = c;
      else if (content.startsWith('}}', j)) {
        close = j;
        break;
      }
    }
    if (close < 0) return { actions: out, problem: `${prefix}${start}: unclosed action` };
    out.push({ text: content.slice(open + 2, close).replace(/^-\s/, '').replace(/\s-$/, '').trim(), line: start });
    lineAt(close + 2);
  }
}

const nameOf = (text: string): string | undefined => /^\S+\s+"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];

/** The names a template defines (Grafana wraps a template with no `define` in `define "<its name>"`). */
export function definedTemplates(name: string, content: string): string[] {
  const found = actions(content, '').actions.filter((a) => /^(define|block)\s/.test(a.text)).map((a) => nameOf(a.text)).filter((n): n is string => n !== undefined);
  return /\{\{-?\s*define/.test(content) ? found : [name, ...found];
}

/**
 * What Grafana (or alertmanager, at send time) would refuse in one template, within the subset above; `known` holds
 * every template name the project and Grafana define. Each message carries Grafana's prefix.
 */
export function templateProblems(name: string, content: string, known: ReadonlySet<string>): string[] {
  const prefix = `invalid template: template: ${name}:`;
  if (content.trim() === '') return ['template must have content'];
  const scan = actions(content, prefix);
  const problems: string[] = [];
  const open: Action[] = [];
  for (const action of scan.actions) {
    const word = /^[a-z]+/.exec(action.text)?.[0] ?? '';
    if (action.text.startsWith('/*')) continue;
    if (BLOCKS.has(word)) open.push(action);
    else if (word === 'end') {
      if (!open.pop()) problems.push(`${prefix}${action.line}: unexpected {{end}}`);
    } else if (word === 'else') {
      if (!open.some((a) => /^(if|range|with)\s/.test(a.text))) problems.push(`${prefix}${action.line}: unexpected {{else}}`);
    }
    if (word === 'template') {
      const called = nameOf(action.text);
      if (called !== undefined && !known.has(called)) problems.push(`${prefix}${action.line}: template "${called}" not defined (define it in one of the project's templates, or call one Grafana defines)`);
    }
  }
  if (scan.problem) problems.push(scan.problem);
  else if (open.length > 0) {
    const lines = content.split('\n').length;
    const what = open.map((a) => `{{${/^[a-z]+/.exec(a.text)![0]}}} opened at line ${a.line}`).join(', ');
    problems.push(`${prefix}${lines}: unexpected EOF (${what} has no {{end}})`);
  }
  return problems;
}
