/**
 * How many arguments each PromQL function and aggregation takes, as Prometheus's parser enforces it
 * (`promql/parser/functions.go`: fixed, optional last argument, or variadic). lezer-promql does not check arity.
 * Functions missing here are not checked; names lezer-promql does not know (Prometheus 2's `holt_winters`) already
 * fail to parse.
 */
export interface Arity {
  readonly min: number;
  readonly max: number;
}

const fixed = (n: number): Arity => ({ min: n, max: n });

const ONE_ARGUMENT = [
  'abs', 'absent', 'absent_over_time', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'avg_over_time', 'ceil',
  'changes', 'cos', 'cosh', 'count_over_time', 'deg', 'delta', 'deriv', 'exp', 'floor', 'histogram_avg',
  'histogram_count', 'histogram_stddev', 'histogram_stdvar', 'histogram_sum', 'idelta', 'increase', 'irate',
  'last_over_time', 'ln', 'log10', 'log2', 'mad_over_time', 'max_over_time', 'min_over_time', 'present_over_time',
  'rad', 'rate', 'resets', 'scalar', 'sgn', 'sin', 'sinh', 'sort', 'sort_desc', 'sqrt', 'stddev_over_time',
  'stdvar_over_time', 'sum_over_time', 'tan', 'tanh', 'timestamp', 'vector',
];
const DATE_FUNCTIONS = ['day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year'];

export const FUNCTION_ARITY: ReadonlyMap<string, Arity> = new Map<string, Arity>([
  ...ONE_ARGUMENT.map((name) => [name, fixed(1)] as const),
  ...DATE_FUNCTIONS.map((name) => [name, { min: 0, max: 1 }] as const),
  ['time', fixed(0)],
  ['pi', fixed(0)],
  ['round', { min: 1, max: 2 }],
  ['clamp_max', fixed(2)],
  ['clamp_min', fixed(2)],
  ['histogram_quantile', fixed(2)],
  ['predict_linear', fixed(2)],
  ['quantile_over_time', fixed(2)],
  ['clamp', fixed(3)],
  ['histogram_fraction', fixed(3)],
  ['double_exponential_smoothing', fixed(3)],
  ['label_replace', fixed(5)],
  ['label_join', { min: 3, max: Infinity }],
  ['sort_by_label', { min: 1, max: Infinity }],
  ['sort_by_label_desc', { min: 1, max: Infinity }],
]);

/** Aggregations taking a parameter before the vector; every other aggregation takes the vector alone. */
const PARAMETER_AGGREGATIONS = new Set(['topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio']);

export function aggregationArity(name: string): number {
  return PARAMETER_AGGREGATIONS.has(name) ? 2 : 1;
}
