import type { parser } from '@prometheus-io/lezer-promql';

type Tree = ReturnType<typeof parser.parse>;
type SyntaxNode = Tree['topNode'];

/** Nodes that evaluate to a range vector. */
const RANGE_NODES = new Set(['MatrixSelector', 'SubqueryExpr']);
/** Nodes that keep the type of their first child. */
const TRANSPARENT_NODES = new Set(['ParenExpr', 'OffsetExpr', 'StepInvariantExpr']);
/** Functions whose first argument must be a range vector (Prometheus `promql/parser/functions.go`), besides `*_over_time`. */
const RANGE_ARGUMENT_FUNCTIONS = new Map<string, number>(
  ['rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'changes', 'resets', 'predict_linear', 'holt_winters',
    'double_exponential_smoothing'].map((name) => [name, 0] as const),
);

function rangeArgumentIndex(functionName: string): number | undefined {
  if (functionName === 'quantile_over_time') return 1;
  return RANGE_ARGUMENT_FUNCTIONS.get(functionName) ?? (functionName.endsWith('_over_time') ? 0 : undefined);
}

function isRange(node: SyntaxNode): boolean {
  if (RANGE_NODES.has(node.type.name)) return true;
  return TRANSPARENT_NODES.has(node.type.name) && node.firstChild !== null && isRange(node.firstChild);
}

function argumentsOf(body: SyntaxNode): SyntaxNode[] {
  const args: SyntaxNode[] = [];
  for (let child = body.firstChild; child; child = child.nextSibling) args.push(child);
  return args;
}

/**
 * The first range-vector type error Prometheus would reject but lezer-promql accepts: a range-vector function given
 * an instant vector (`rate(x)`), or a range vector anywhere else (`sum(x[5m])`, a query that is only `x[5m]`).
 */
export function rangeVectorProblem(tree: Tree, text: string): { at: number; message: string } | undefined {
  let problem: { at: number; message: string } | undefined;
  const allowedRanges = new Set<string>();
  const key = (node: SyntaxNode): string => `${node.from}:${node.to}`;
  tree.iterate({
    enter: (ref) => {
      if (problem) return false;
      const node = ref.node;
      // lezer-promql lets `a + b[5m]` bind the range to the whole expression; Prometheus allows it on selectors only.
      if (node.type.name === 'MatrixSelector' && node.firstChild?.type.name !== 'VectorSelector') {
        problem = { at: node.from, message: 'a [range] applies to a metric selector only: use a subquery [range:step] for expressions' };
        return false;
      }
      if (node.type.name === 'FunctionCall') {
        const name = text.slice(node.firstChild?.from ?? node.from, node.firstChild?.to ?? node.from);
        const index = rangeArgumentIndex(name);
        const body = node.getChild('FunctionCallBody');
        if (index !== undefined && body) {
          const arg = argumentsOf(body)[index];
          if (arg && !isRange(arg)) {
            problem = { at: arg.from, message: `function "${name}" needs a range vector here: add a range such as [$__rate_interval]` };
          } else if (arg) allowedRanges.add(key(arg));
        }
      }
      if (isRange(node) && !TRANSPARENT_NODES.has(node.parent?.type.name ?? '')) {
        if (!allowedRanges.has(key(node)) || node.parent?.type.name !== 'FunctionCallBody') {
          const top = node.parent?.type.name === 'PromQL';
          problem = {
            at: node.from,
            message: top
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
