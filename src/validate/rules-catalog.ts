import type { LintScope, LintSeverity } from './lint-config.js';

/** What the catalog says about one rule. */
export interface LintRuleInfo {
  /** One line: what the rule checks (docs/validate.md's rule table is built from it). */
  readonly description: string;
  /**
   * Severity when the project's lint config says nothing. `error` for what Grafana rejects, silently changes, or
   * what makes the provisioned result wrong or unsafe; `warn` or `off` for house style.
   */
  readonly severity: LintSeverity;
  /** Scopes an exclusion of this rule may name: the ones its findings carry. Every rule can be excluded everywhere. */
  readonly scopes: readonly LintScope[];
}

const DASHBOARD = ['dashboard'] as const;
const PANEL = ['dashboard', 'panel'] as const;
const PANEL_QUERY = ['dashboard', 'panel', 'query'] as const;
const ANY_QUERY = ['dashboard', 'panel', 'query', 'alertRule'] as const;
const RULE = ['alertRule'] as const;
const RULE_QUERY = ['alertRule', 'query'] as const;
const PROJECT_WIDE = [] as const;

/**
 * Every validation rule, in the order docs/validate.md lists them. A check names its rule by an id from here, so a
 * misspelt id does not compile; a new rule is one entry here plus its check (and `npx tsx scripts/lint-rules-doc.ts`).
 */
export const LINT_RULES = {
  schema: {
    description: "The dashboard matches the JSON Schema derived from `@grafana/schema`'s v1 `Dashboard` type; unknown properties are rejected. A violation is reported under the panel, variable or annotation it belongs to.",
    severity: 'error',
    scopes: PANEL,
  },
  'promql-parse': {
    description: 'Every PromQL expression parses with `@prometheus-io/lezer-promql`, with the line and column in the text as written; a function PromQL does not have is `unknown function "name"`.',
    severity: 'error',
    scopes: ANY_QUERY,
  },
  'promql-type': {
    description: "What Prometheus's parser rejects but lezer-promql accepts: wrong argument counts (`abs()`, `topk(x)`), range vectors where none are allowed (`rate(x)`, `sum(x[5m])`), and a query that is only a range vector.",
    severity: 'error',
    scopes: ANY_QUERY,
  },
  'promql-unknown-metric': {
    description: 'Every metric a query selects (`name{...}`, `{"name"}`, `{__name__="name"}`) is in `project.knownMetrics`; near misses get a "did you mean".',
    severity: 'off',
    scopes: ANY_QUERY,
  },
  'panel-id': {
    description: 'Every panel, including the children of collapsed rows, has a non-negative integer id.',
    severity: 'error',
    scopes: PANEL,
  },
  'panel-id-duplicate': {
    description: 'No two panels of a dashboard share an id.',
    severity: 'error',
    scopes: PANEL,
  },
  'gridpos-missing': {
    description: 'Every panel has a `gridPos`.',
    severity: 'error',
    scopes: PANEL,
  },
  'gridpos-range': {
    description: '`gridPos` values are integers, `x`/`y` ≥ 0, `w`/`h` ≥ 1 and `x + w` ≤ 24.',
    severity: 'error',
    scopes: PANEL,
  },
  'gridpos-overlap': {
    description: "No two panels overlap (Grafana would move one on load); the children of a collapsed row form their own layout.",
    severity: 'error',
    scopes: PANEL,
  },
  'panel-title': {
    description: 'Every panel has a title.',
    severity: 'warn',
    scopes: PANEL,
  },
  'panel-description': {
    description: 'Every panel except rows and text panels has a description.',
    severity: 'off',
    scopes: PANEL,
  },
  'panel-unit': {
    description: 'Every panel except rows and text panels sets `fieldConfig.defaults.unit` (`"none"` for plain numbers).',
    severity: 'off',
    scopes: PANEL,
  },
  'panel-datasource': {
    description: "A panel's datasource is the dashboard's datasource variable (`${datasource}` or `$datasource`).",
    severity: 'error',
    scopes: PANEL,
  },
  'target-datasource': {
    description: "Each panel query's datasource is the dashboard's datasource variable, or a server-side expression (`__expr__`).",
    severity: 'error',
    scopes: PANEL_QUERY,
  },
  'query-refid': {
    description: 'Every query has a `refId`, and the `refId`s within one panel or alert rule are all different.',
    severity: 'error',
    scopes: ANY_QUERY,
  },
  'datasource-variable': {
    description: 'The dashboard has a template variable of type `datasource`.',
    severity: 'error',
    scopes: DASHBOARD,
  },
  'dashboard-title': {
    description: 'The dashboard title is not empty (Grafana rejects an empty title).',
    severity: 'error',
    scopes: DASHBOARD,
  },
  'dashboard-uid': {
    description: 'The dashboard uid contains only `[A-Za-z0-9_-]` and is at most 40 characters.',
    severity: 'error',
    scopes: DASHBOARD,
  },
  'dashboard-uid-duplicate': {
    description: 'No two dashboards of the project share a uid.',
    severity: 'error',
    scopes: DASHBOARD,
  },
  'dashboard-refresh': {
    description: '`refresh` is a duration of at least 5 s: Grafana silently raises shorter values on save, so every push would show a difference.',
    severity: 'error',
    scopes: DASHBOARD,
  },
  'folder-ref': {
    description: 'Dashboards, rule groups, alert rules and nested folders refer to folders the project declares.',
    severity: 'error',
    scopes: ['dashboard', 'alertRule'],
  },
  'folder-uid': {
    description: 'Folder uids are valid (`[A-Za-z0-9_-]`, at most 40 characters) and unique.',
    severity: 'error',
    scopes: PROJECT_WIDE,
  },
  'folder-title': {
    description: 'Every folder has a title.',
    severity: 'error',
    scopes: PROJECT_WIDE,
  },
  'datasource-uid': {
    description: 'Datasource uids are valid and unique.',
    severity: 'error',
    scopes: PROJECT_WIDE,
  },
  'datasource-ref': {
    description: 'Alert rule queries use a datasource the project declares, or `__expr__`.',
    severity: 'error',
    scopes: RULE_QUERY,
  },
  'rule-group-title': {
    description: 'A rule group has a title.',
    severity: 'error',
    scopes: PROJECT_WIDE,
  },
  'rule-group-empty': {
    description: 'A rule group has at least one rule.',
    severity: 'error',
    scopes: PROJECT_WIDE,
  },
  'rule-group-interval': {
    description: "A rule group's interval (seconds, or a duration such as `\"1m\"`) is a positive multiple of 10 s, Grafana's scheduler tick.",
    severity: 'error',
    scopes: PROJECT_WIDE,
  },
  'rule-uid': {
    description: 'Alert rule uids are 1 to 40 characters of `[A-Za-z0-9_-]`.',
    severity: 'error',
    scopes: RULE,
  },
  'rule-uid-duplicate': {
    description: 'No two alert rules of the project share a uid.',
    severity: 'error',
    scopes: RULE,
  },
  'rule-title': {
    description: 'Every alert rule has a title.',
    severity: 'error',
    scopes: RULE,
  },
  'rule-annotation': {
    description: 'Every alert rule has the `summary`, `description` and `runbook_url` annotations.',
    severity: 'off',
    scopes: RULE,
  },
  'rule-label': {
    description: 'Every alert rule has a `severity` label.',
    severity: 'off',
    scopes: RULE,
  },
  'rule-condition': {
    description: "`condition` is the `refId` of one of the rule's queries or expressions.",
    severity: 'error',
    scopes: RULE,
  },
  'rule-expression-ref': {
    description: 'Reduce, threshold and resample expressions, and the `$X` references in math expressions, read refIds that exist in the rule.',
    severity: 'error',
    scopes: RULE_QUERY,
  },
  'rule-for': {
    description: '`for` (and `keep_firing_for`, when set) is a Prometheus duration.',
    severity: 'error',
    scopes: RULE,
  },
  'rule-state': {
    description: '`noDataState` is one of `NoData`, `Alerting`, `OK`, `KeepLast`; `execErrState` one of `Alerting`, `Error`, `OK`, `KeepLast`.',
    severity: 'error',
    scopes: RULE,
  },
  'rule-data': {
    description: 'An alert rule has at least one query or expression.',
    severity: 'error',
    scopes: RULE,
  },
  'rule-time-range': {
    description: 'Every alert query that is not an expression has `relativeTimeRange.from > to`.',
    severity: 'error',
    scopes: RULE_QUERY,
  },
  'runbook-file': {
    description: '`project.runbooksFile`, when set, exists and can be read.',
    severity: 'warn',
    scopes: PROJECT_WIDE,
  },
  'runbook-url': {
    description: "An alert rule's `runbook_url` points at `project.runbooksFile`.",
    severity: 'warn',
    scopes: RULE,
  },
  'runbook-anchor': {
    description: "The `runbook_url`'s `#anchor` is the GitHub slug of a heading in `project.runbooksFile` (duplicates get `-1`, `-2`; code fences are ignored).",
    severity: 'warn',
    scopes: RULE,
  },
  'contact-point-uid': {
    description: 'Contact point uids are valid and unique.',
    severity: 'error',
    scopes: PROJECT_WIDE,
  },
  'contact-point-name': {
    description: 'Every contact point has a name.',
    severity: 'error',
    scopes: PROJECT_WIDE,
  },
  'contact-point-type': {
    description: 'Every contact point has a type.',
    severity: 'error',
    scopes: PROJECT_WIDE,
  },
  'contact-point-secret': {
    description: 'Every setting listed in `secretSettings` is an environment reference (`$VAR` or `${VAR}`), never a literal secret; the message never repeats the value.',
    severity: 'error',
    scopes: PROJECT_WIDE,
  },
  'literal-secret': {
    description: 'No string anywhere in the definitions looks like a literal secret: a Grafana service-account token (`glsa_`), API key (`eyJrIjoi`) or Cloud token, a JWT, `user:password@` in a URL, an `Authorization: Bearer`/`Basic` value, an AWS key, an `api_key=`/`access_token=` assignment, a Slack or GitHub token, a private key. The message names the shape and the field, never the value.',
    severity: 'error',
    scopes: ANY_QUERY,
  },
  'policy-receiver': {
    description: "Every receiver in the project's policy routes names one of the project's contact points.",
    severity: 'error',
    scopes: PROJECT_WIDE,
  },
  'recording-rule': {
    description: 'A Grafana-managed recording rule (`record: {metric, from}`) records a valid Prometheus metric name and `from` names one of its queries or expressions; it needs no condition, states or `for` (Grafana clears them). Recording rules need Grafana 11.3+ with the `grafanaManagedRecordingRules` feature toggle (docs/grafana.md).',
    severity: 'error',
    scopes: RULE,
  },
  'library-panel-ref': {
    description: "Every `libraryPanel` reference in a dashboard names, by uid and name, one of the project's library panels or one it declares external (`libraryPanels: [{ external: { uid, name } }]`); other rules check the library panel's model in its place.",
    severity: 'error',
    scopes: DASHBOARD,
  },
  'mute-timing-interval': {
    description: "Every mute timing's time intervals are valid as alertmanager's `timeinterval` parses them (the check Grafana runs): `HH:MM` times with start before end, weekday and month names or numbers in range, ranges in order, a known time zone; mute timing names are unique.",
    severity: 'error',
    scopes: PROJECT_WIDE,
  },
  'policy-mute-timing': {
    description: "Every `mute_time_intervals` entry in the project's policy routes names one of the project's mute timings (Grafana refuses a tree naming one that does not exist).",
    severity: 'error',
    scopes: PROJECT_WIDE,
  },
  'template-syntax': {
    description: 'Every notification template passes the subset of Go `text/template` checked offline: balanced `{{ }}`, every `define`/`if`/`range`/`with`/`block` closed by `{{ end }}`, and every `{{ template "x" }}` naming a template the project or Grafana defines (docs/grafana.md says what is not checked).',
    severity: 'error',
    scopes: PROJECT_WIDE,
  },
} as const satisfies Record<string, LintRuleInfo>;

/** A rule id: one key of LINT_RULES. */
export type LintRuleId = keyof typeof LINT_RULES;

/** Every rule id, in catalog order. */
export const LINT_RULE_IDS = Object.keys(LINT_RULES) as LintRuleId[];

export function isLintRuleId(id: string): id is LintRuleId {
  return Object.hasOwn(LINT_RULES, id);
}
