import { parser } from '@prometheus-io/lezer-promql';
import { promqlTypeProblem } from './type-check.js';
import { substituteVariables } from './substitute-variables.js';

/** @lezer/common's SyntaxNode, reached through the parser so we import only declared dependencies. */
type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

export interface PromqlSyntaxError {
  /** 1-based line and column in the expression as written (before variable substitution). */
  readonly line: number;
  readonly column: number;
  /** What the parser stopped at, e.g. `unexpected "by"` or `unexpected end of expression`. */
  readonly message: string;
}

export interface ParsedPromql {
  /** The first syntax error, if any. */
  readonly error?: PromqlSyntaxError;
  /** When it parses: the first arity or range-vector error Prometheus would reject (`abs()`, `rate(x)`, `sum(x[5m])`). */
  readonly typeError?: PromqlSyntaxError;
  /** Metric names the expression selects, in order of appearance, without duplicates or variable-supplied names. */
  readonly metricNames: readonly string[];
}

/** Parses one PromQL expression offline; Grafana variables are substituted first (see substitute-variables.ts). */
export function parsePromql(expr: string): ParsedPromql {
  const { text, originalOffset, replaced } = substituteVariables(expr);
  if (text.trim() === '') return { error: { line: 1, column: 1, message: 'empty expression' }, metricNames: [] };
  const tree = parser.parse(text);
  let errorAt: number | undefined;
  const names: string[] = [];
  const fromVariable = (from: number, to: number): boolean => replaced.some((r) => from < r.to && to > r.from);
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError) {
        errorAt ??= ref.from;
        return false;
      }
      const name = metricNameOf(ref.node, text);
      if (name !== undefined && !fromVariable(ref.from, ref.to)) names.push(name);
      return undefined;
    },
  });
  const metricNames = [...new Set(names)];
  if (errorAt !== undefined) {
    const { at, message } = unexpected(expr, originalOffset[errorAt]);
    return { error: { ...lineAndColumn(expr, at), message }, metricNames };
  }
  const problem = promqlTypeProblem(tree, text);
  if (!problem) return { metricNames };
  return { typeError: { ...lineAndColumn(expr, originalOffset[problem.at]), message: problem.message }, metricNames };
}

/** A metric name the node selects: `name{...}`, `{"name"}`, or `{__name__="name"}`. */
function metricNameOf(node: SyntaxNode, text: string): string | undefined {
  const kind = node.type.name;
  const parent = node.parent?.type.name;
  if ((kind === 'Identifier' || kind === 'MetricName') && parent === 'VectorSelector') return text.slice(node.from, node.to);
  if (kind === 'QuotedLabelName' && parent === 'LabelMatchers') return unquote(text.slice(node.from, node.to));
  if (kind === 'UnquotedLabelMatcher' || kind === 'QuotedLabelMatcher') {
    const label = node.firstChild;
    const op = node.getChild('MatchOp');
    const value = node.getChild('StringLiteral');
    if (!label || !op || !value || label === value) return undefined;
    const labelName = label.type.name === 'QuotedLabelName' ? unquote(text.slice(label.from, label.to)) : text.slice(label.from, label.to);
    if (labelName === '__name__' && op.firstChild?.type.name === 'EqlSingle') return unquote(text.slice(value.from, value.to));
  }
  return undefined;
}

function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  return literal.startsWith('`') ? body : body.replace(/\\(.)/g, '$1');
}

function lineAndColumn(expr: string, offset: number): { line: number; column: number } {
  const before = expr.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

function unexpected(expr: string, offset: number): { at: number; message: string } {
  const rest = expr.slice(offset);
  if (rest.trim() === '') return { at: offset, message: 'unexpected end of expression' };
  // lezer-promql knows every PromQL function, so `name(` stops at the parenthesis when the name is no function.
  const call = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(expr.slice(0, offset));
  if (call && rest.startsWith('(')) return { at: call.index, message: `unknown function "${call[1]}"` };
  const token = /^\s*(\w+|\S)/.exec(rest)?.[1] ?? rest.trim()[0];
  return { at: offset, message: `unexpected "${token}"` };
}
