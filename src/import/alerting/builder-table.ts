/**
 * Which foundation SDK (0.0.21) builder method writes which JSON key, and what its parameter's type accepts, so the
 * importer writes a builder call only where it both typechecks and builds the same JSON; anything else goes through
 * the escape hatch (`withRaw` / `raw`, src/definitions/raw.ts) and is counted. Read from the SDK's `.d.ts` files
 * (`dist/alerting`, `dist/expr`, `dist/prometheus`).
 */

/** The parameter types the table knows; objects are exact (a literal with an extra key does not typecheck). */
export type Arg =
  | 'string' | 'number' | 'boolean' | 'strings' | 'numbers' | 'stringMap'
  | { readonly union: readonly string[] }
  | { readonly enumOf: { readonly module: string; readonly name: string; readonly members: Readonly<Record<string, string>> } }
  | { readonly object: Readonly<Record<string, Arg>>; readonly optional?: readonly string[] }
  | { readonly array: Arg };

export interface Method {
  /** JSON key the method writes. */
  readonly key: string;
  readonly method: string;
  readonly arg: Arg;
}

export interface BuilderClass {
  readonly name: string;
  readonly module: string;
  readonly methods: readonly Method[];
}

const ALERTING = '@grafana/grafana-foundation-sdk/alerting';
const EXPR = '@grafana/grafana-foundation-sdk/expr';
const PROMETHEUS = '@grafana/grafana-foundation-sdk/prometheus';

/** Whether `value` is accepted by a parameter of type `arg`. */
export function fits(arg: Arg, value: unknown): boolean {
  if (arg === 'string') return typeof value === 'string';
  if (arg === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (arg === 'boolean') return typeof value === 'boolean';
  if (arg === 'strings') return Array.isArray(value) && value.every((v) => typeof v === 'string');
  if (arg === 'numbers') return Array.isArray(value) && value.every((v) => typeof v === 'number');
  if (arg === 'stringMap') return isPlain(value) && Object.values(value).every((v) => typeof v === 'string');
  if ('union' in arg) return typeof value === 'string' && arg.union.includes(value);
  if ('enumOf' in arg) return typeof value === 'string' && arg.enumOf.members[value] !== undefined;
  if ('array' in arg) return Array.isArray(value) && value.every((v) => fits(arg.array, v));
  if (!isPlain(value)) return false;
  const optional = new Set(arg.optional ?? []);
  return Object.keys(value).every((k) => arg.object[k] !== undefined && fits(arg.object[k]!, value[k]))
    && Object.keys(arg.object).every((k) => optional.has(k) || value[k] !== undefined);
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DATASOURCE_REF: Arg = { object: { type: 'string', uid: 'string' }, optional: ['type', 'uid'] };
const EVALUATOR_TYPES = ['gt', 'lt', 'eq', 'ne', 'gte', 'lte', 'within_range', 'outside_range', 'within_range_included', 'outside_range_included'];
const EVALUATOR: Arg = { object: { params: 'numbers', type: { union: EVALUATOR_TYPES } } };
const REDUCERS = ['sum', 'mean', 'min', 'max', 'count', 'last', 'median'];

const EXPR_COMMON: readonly Method[] = [
  { key: 'refId', method: 'refId', arg: 'string' },
  { key: 'datasource', method: 'datasource', arg: DATASOURCE_REF },
  { key: 'queryType', method: 'queryType', arg: 'string' },
  { key: 'hide', method: 'hide', arg: 'boolean' },
  { key: 'intervalMs', method: 'intervalMs', arg: 'number' },
  { key: 'maxDataPoints', method: 'maxDataPoints', arg: 'number' },
];

/** Server-side expression builders by `model.type` (datasource `__expr__`, grafana-http-api.md 6.1). */
export const EXPRESSION_BUILDERS: Readonly<Record<string, BuilderClass>> = {
  math: { name: 'TypeMathBuilder', module: EXPR, methods: [...EXPR_COMMON, { key: 'expression', method: 'expression', arg: 'string' }] },
  reduce: {
    name: 'TypeReduceBuilder', module: EXPR, methods: [
      ...EXPR_COMMON,
      { key: 'expression', method: 'expression', arg: 'string' },
      { key: 'reducer', method: 'reducer', arg: { union: REDUCERS } },
      { key: 'settings', method: 'settings', arg: { object: { mode: { union: ['dropNN', 'replaceNN'] }, replaceWithValue: 'number' }, optional: ['replaceWithValue'] } },
    ],
  },
  threshold: {
    name: 'TypeThresholdBuilder', module: EXPR, methods: [
      ...EXPR_COMMON,
      { key: 'expression', method: 'expression', arg: 'string' },
      { key: 'conditions', method: 'conditions', arg: { array: { object: { evaluator: EVALUATOR, unloadEvaluator: EVALUATOR }, optional: ['unloadEvaluator'] } } },
    ],
  },
  classic_conditions: {
    name: 'TypeClassicConditionsBuilder', module: EXPR, methods: [
      ...EXPR_COMMON,
      {
        key: 'conditions', method: 'conditions', arg: {
          array: {
            object: {
              evaluator: { object: { params: 'numbers', type: 'string' } }, operator: { object: { type: { union: ['and', 'or', 'logic-or'] } } },
              query: { object: { params: 'strings' } }, reducer: { object: { type: 'string' } },
            },
          },
        },
      },
    ],
  },
  resample: {
    name: 'TypeResampleBuilder', module: EXPR, methods: [
      ...EXPR_COMMON,
      { key: 'expression', method: 'expression', arg: 'string' },
      { key: 'window', method: 'window', arg: 'string' },
      { key: 'downsampler', method: 'downsampler', arg: { union: REDUCERS } },
      { key: 'upsampler', method: 'upsampler', arg: { union: ['pad', 'backfilling', 'fillna'] } },
    ],
  },
  sql: { name: 'TypeSqlBuilder', module: EXPR, methods: [...EXPR_COMMON, { key: 'expression', method: 'expression', arg: 'string' }, { key: 'format', method: 'format', arg: 'string' }] },
};

/** The Prometheus query builder; `instant`/`range` are flags set together (`.instant()`, `.range()`, `.rangeAndInstant()`). */
export const PROMETHEUS_QUERY: BuilderClass = {
  name: 'DataqueryBuilder', module: PROMETHEUS, methods: [
    { key: 'refId', method: 'refId', arg: 'string' },
    { key: 'datasource', method: 'datasource', arg: DATASOURCE_REF },
    { key: 'expr', method: 'expr', arg: 'string' },
    { key: 'editorMode', method: 'editorMode', arg: { enumOf: { module: PROMETHEUS, name: 'QueryEditorMode', members: { builder: 'Builder', code: 'Code' } } } },
    { key: 'format', method: 'format', arg: { enumOf: { module: PROMETHEUS, name: 'PromQueryFormat', members: { time_series: 'TimeSeries', table: 'Table', heatmap: 'Heatmap' } } } },
    { key: 'legendFormat', method: 'legendFormat', arg: 'string' },
    { key: 'interval', method: 'interval', arg: 'string' },
    { key: 'intervalFactor', method: 'intervalFactor', arg: 'number' },
    { key: 'intervalMs', method: 'intervalMs', arg: 'number' },
    { key: 'maxDataPoints', method: 'maxDataPoints', arg: 'number' },
    { key: 'exemplar', method: 'exemplar', arg: 'boolean' },
    { key: 'hide', method: 'hide', arg: 'boolean' },
    { key: 'queryType', method: 'queryType', arg: 'string' },
  ],
};

export const RULE_GROUP: BuilderClass = { name: 'RuleGroupBuilder', module: ALERTING, methods: [] };

/** RuleBuilder: `title` goes to the constructor, `data` to `withQuery`, the rest below. */
export const RULE: BuilderClass = {
  name: 'RuleBuilder', module: ALERTING, methods: [
    { key: 'uid', method: 'uid', arg: 'string' },
    { key: 'condition', method: 'condition', arg: 'string' },
    { key: 'for', method: 'forDuration', arg: 'string' },
    { key: 'keep_firing_for', method: 'keepFiringFor', arg: 'string' },
    { key: 'noDataState', method: 'noDataState', arg: { union: ['OK', 'Alerting', 'NoData', 'KeepLast'] } },
    { key: 'execErrState', method: 'execErrState', arg: { union: ['Alerting', 'Error', 'OK', 'KeepLast'] } },
    { key: 'missingSeriesEvalsToResolve', method: 'missingSeriesEvalsToResolve', arg: 'number' },
    { key: 'isPaused', method: 'isPaused', arg: 'boolean' },
    { key: 'labels', method: 'labels', arg: 'stringMap' },
    { key: 'annotations', method: 'annotations', arg: 'stringMap' },
  ],
};

/** QueryBuilder (an AlertQuery): `refId` to the constructor, `model` to a model builder. */
export const QUERY: BuilderClass = {
  name: 'QueryBuilder', module: ALERTING, methods: [
    { key: 'datasourceUid', method: 'datasourceUid', arg: 'string' },
    { key: 'queryType', method: 'queryType', arg: 'string' },
    { key: 'relativeTimeRange', method: 'relativeTimeRange', arg: { object: { from: 'number', to: 'number' }, optional: ['from', 'to'] } },
  ],
};

export const NOTIFICATION_SETTINGS: BuilderClass = {
  name: 'NotificationSettingsBuilder', module: ALERTING, methods: [
    { key: 'receiver', method: 'receiver', arg: 'string' },
    { key: 'group_by', method: 'groupBy', arg: 'strings' },
    { key: 'group_wait', method: 'groupWait', arg: 'string' },
    { key: 'group_interval', method: 'groupInterval', arg: 'string' },
    { key: 'repeat_interval', method: 'repeatInterval', arg: 'string' },
    { key: 'mute_time_intervals', method: 'muteTimeIntervals', arg: 'strings' },
    { key: 'active_time_intervals', method: 'activeTimeIntervals', arg: 'strings' },
  ],
};

/** RecordRuleBuilder; its `targetDatasourceUid` writes `target_datasource_uid`, a key the API does not read (6.1). */
export const RECORD: BuilderClass = {
  name: 'RecordRuleBuilder', module: ALERTING, methods: [
    { key: 'metric', method: 'metric', arg: 'string' },
    { key: 'from', method: 'from', arg: 'string' },
  ],
};

export const CONTACT_POINT: BuilderClass = {
  name: 'ContactPointBuilder', module: ALERTING, methods: [
    { key: 'uid', method: 'uid', arg: 'string' },
    { key: 'name', method: 'name', arg: 'string' },
    {
      key: 'type', method: 'type', arg: {
        union: ['alertmanager', 'dingding', 'discord', 'email', 'googlechat', 'kafka', 'line', 'opsgenie', 'pagerduty', 'pushover', 'sensugo', 'slack', 'teams', 'telegram', 'threema', 'victorops', 'webhook', 'wecom'],
      },
    },
    { key: 'disableResolveMessage', method: 'disableResolveMessage', arg: 'boolean' },
  ],
};

/** NotificationPolicyBuilder; `routes` are nested builders. */
export const POLICY: BuilderClass = {
  name: 'NotificationPolicyBuilder', module: ALERTING, methods: [
    { key: 'receiver', method: 'receiver', arg: 'string' },
    { key: 'object_matchers', method: 'objectMatchers', arg: { array: 'strings' } },
    { key: 'group_by', method: 'groupBy', arg: 'strings' },
    { key: 'continue', method: 'continueVal', arg: 'boolean' },
    { key: 'group_wait', method: 'groupWait', arg: 'string' },
    { key: 'group_interval', method: 'groupInterval', arg: 'string' },
    { key: 'repeat_interval', method: 'repeatInterval', arg: 'string' },
    { key: 'mute_time_intervals', method: 'muteTimeIntervals', arg: 'strings' },
    { key: 'active_time_intervals', method: 'activeTimeIntervals', arg: 'strings' },
    { key: 'match', method: 'match', arg: 'stringMap' },
    { key: 'match_re', method: 'matchRe', arg: 'stringMap' },
  ],
};
