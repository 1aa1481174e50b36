import type { parser } from '@prometheus-io/lezer-promql';
import { aggregationArity, FUNCTION_ARITY } from './function-signatures.js';

type Tree = ReturnType<typeof parser.parse>;
type SyntaxNode = Tree['topNode'];

export interface TypeProblem {
  /** Offset in the parsed text. */
  readonly at: number;
  readonly message: string;
}

/** Nodes that evaluate to a range vector. */
const RANGE_NODES = new Set(['MatrixSelector', 'SubqueryExpr']);
/** Nodes that keep the type of their first child. */
const TRANSPARENT_NODES = new Set(['ParenExpr', 'OffsetExpr', 'StepInvariantExpr']);
/** Functions whose first argument must be a range vector (Prometheus `promql/parser/functions.go`), besides `*_over_time`. */
const RANGE_FIRST_ARGUMENT = new Set([
  'rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'changes', 'resets', 'predict_linear',
  'double_exponential_smoothing',
]);

function rangeArgumentIndex(functionName: string): number | undefined {
  if (functionName === 'quantile_over_time') return 1;
  return RANGE_FIRST_ARGUMENT.has(functionName) || functionName.endsWith('_over_time') ? 0 : undefined;
}

function isRange(node: SyntaxNode): boolean {
  if (RANGE_NODES.has(node.type.name)) return true;
  return TRANSPARENT_NODES.has(node.type.name) && node.firstChild !== null && isRange(node.firstChild);
}

function childrenOf(node: SyntaxNode | null): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node?.firstChild ?? null; child; child = child.nextSibling) children.push(child);
  return children;
}

function plural(n: number): string {
  return `${n} argument${n === 1 ? '' : 's'}`;
}

/**
 * The first error Prometheus's parser reports but lezer-promql does not: a call with the wrong number of arguments,
 * a range-vector function given an instant vector (`rate(x)`), or a range vector anywhere else (`sum(x[5m])`, a
 * `[range]` on an expression). A query that is only a range vector is flagged too: Grafana's range queries reject it.
 */
export function promqlTypeProblem(tree: Tree, text: string): TypeProblem | undefined {
  let problem: TypeProblem | undefined;
  const allowedRanges = new Set<string>();
  const key = (node: SyntaxNode): string => `${node.from}:${node.to}`;
  tree.iterate({
    enter: (ref) => {
      if (problem) return false;
      const node = ref.node;
      const kind = node.type.name;
      // lezer-promql lets `(a + b)[5m]` parse; Prometheus allows a [range] on selectors only.
      if (kind === 'MatrixSelector' && node.firstChild && node.firstChild.type.name !== 'VectorSelector') {
        problem = { at: node.firstChild.to, message: 'a [range] applies to a metric selector only: use a subquery [range:step] for expressions' };
        return false;
      }
      if (kind === 'AggregateExpr') {
        const name = text.slice(node.from, node.firstChild?.to ?? node.from).trim();
        const args = childrenOf(node.getChild('FunctionCallBody'));
        const expected = aggregationArity(name);
        if (args.length !== expected) {
          problem = { at: node.from, message: `aggregation "${name}" takes ${plural(expected)}, got ${args.length}` };
          return false;
        }
      }
      if (kind === 'FunctionCall') {
        const name = text.slice(node.from, node.firstChild?.to ?? node.from).trim();
        const args = childrenOf(node.getChild('FunctionCallBody'));
        const arity = FUNCTION_ARITY.get(name);
        if (arity && (args.length < arity.min || args.length > arity.max)) {
          const wanted = arity.min === arity.max ? plural(arity.min)
            : arity.max === Infinity ? `at least ${plural(arity.min)}` : `${arity.min} to ${plural(arity.max)}`;
          problem = { at: node.from, message: `function "${name}" takes ${wanted}, got ${args.length}` };
          return false;
        }
        const index = rangeArgumentIndex(name);
        const arg = index === undefined ? undefined : args[index];
        if (arg && !isRange(arg)) {
          problem = { at: arg.from, message: `function "${name}" needs a range vector here: add a range such as [$__rate_interval]` };
          return false;
        }
        if (arg) allowedRanges.add(key(arg));
      }
      if (isRange(node) && !TRANSPARENT_NODES.has(node.parent?.type.name ?? '')) {
        if (!allowedRanges.has(key(node)) || node.parent?.type.name !== 'FunctionCallBody') {
          problem = {
            at: node.from,
            message: node.parent?.type.name === 'PromQL'
              ? 'the query returns a range vector: Grafana needs an instant vector, e.g. rate(...) over it'
              : 'a range vector is not allowed here: only functions such as rate() or *_over_time() take one',
          };
        }
      }
      return undefined;
    },
  });
  return problem;
}
