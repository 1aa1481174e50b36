/**
 * The corpus of broken definitions: each case breaks one thing in the valid fixture project and lists exactly the
 * issues validation must report under K2's lint policy (every house rule an error), as the user sees them (file >
 * dashboard or rule group > panel or rule > query) with the rule id. An exact list, so a case also fails when a rule
 * starts reporting noise. Under the library's defaults the same case reports the same list less the rules that are
 * off by default.
 */
import { describe, expect, it } from 'vitest';
import { k2LintPolicy } from '../../dashboards/lint-policy.js';
import { formatIssue } from '../../src/model/index.js';
import { LINT_RULES, validateProject, type LintRuleId } from '../../src/validate/index.js';
import { dash, DASHBOARD_SOURCE, fixtureRoot, NOTIFY_SOURCE, panel, rules, RULES_SOURCE, validProject, type Json } from './fixture.js';

const D = `${DASHBOARD_SOURCE} > dashboard "Demo"`;
const G = `${RULES_SOURCE} > rule group "demo-alerts"`;
const HIGH = `${G} > rule "Demo level high"`;
const ERRORS = `${G} > rule "Demo errors"`;
const WEBHOOK = `${NOTIFY_SOURCE} > contact point "Demo webhook"`;
const KEEP_OUT = ': it would land in provisioning/ and git; keep it in the environment (e.g. a $VAR reference where Grafana interpolates one)';

interface Case {
  readonly name: string;
  readonly mutate: (project: Json) => void;
  readonly expected: ReadonlyArray<readonly [text: string, rule: LintRuleId]>;
}

const cases: Case[] = [
  // Schema (JSON Schema derived from @grafana/schema)
  {
    name: 'misspelt panel property',
    mutate: (p) => {
      panel(p, 2).titel = 'Requests';
    },
    expected: [[`${D} > panel "Requests": does not match Grafana's dashboard schema: unknown property "titel"`, 'schema']],
  },
  {
    name: 'gridPos width given as a string',
    mutate: (p) => {
      panel(p, 3).gridPos.w = '12';
    },
    expected: [
      [`${D} > panel "Level": does not match Grafana's dashboard schema: gridPos.w must be number`, 'schema'],
      [`${D} > panel "Level": gridPos.w must be an integer`, 'gridpos-range'],
    ],
  },
  {
    name: 'gridPos without h inside a collapsed row',
    mutate: (p) => {
      delete panel(p, 5).gridPos.h;
    },
    expected: [
      [`${D} > panel "Errors": does not match Grafana's dashboard schema: gridPos missing required property "h"`, 'schema'],
      [`${D} > panel "Errors": gridPos.h must be an integer`, 'gridpos-range'],
    ],
  },
  {
    name: 'variable refresh outside the allowed values',
    mutate: (p) => {
      dash(p).templating.list[1].refresh = 7;
    },
    expected: [[`${D} > variable "env": does not match Grafana's dashboard schema: refresh must be one of 0, 1, 2`, 'schema']],
  },
  {
    name: 'annotation without iconColor',
    mutate: (p) => {
      delete dash(p).annotations.list[0].iconColor;
    },
    expected: [
      [`${D} > annotation "Simulated failures": does not match Grafana's dashboard schema: missing required property "iconColor"`, 'schema'],
    ],
  },
  // PromQL
  {
    name: 'panel query that does not parse',
    mutate: (p) => {
      panel(p, 2).targets[0].expr = 'sum(rate(demo_requests_total[5m]) by (job)';
    },
    expected: [[`${D} > panel "Requests" > query A: PromQL parse error at column 35: unexpected "by"`, 'promql-parse']],
  },
  {
    name: 'panel query with an unclosed selector after a Grafana variable',
    mutate: (p) => {
      panel(p, 2).targets[0].expr = 'rate(demo_requests_total[$__rate_interval]) + demo_up{';
    },
    expected: [[`${D} > panel "Requests" > query A: PromQL parse error at column 55: unexpected end of expression`, 'promql-parse']],
  },
  {
    name: 'multi-line query that does not parse',
    mutate: (p) => {
      panel(p, 5).targets[1].expr = 'sum(demo_errors_total)\n  / )';
    },
    expected: [[`${D} > panel "Errors" > query B: PromQL parse error at line 2, column 5: unexpected ")"`, 'promql-parse']],
  },
  {
    name: 'variable query whose selector does not parse',
    mutate: (p) => {
      dash(p).templating.list[1].query = 'label_values(demo_up{job=}, environment)';
    },
    expected: [[`${D} > variable "env": PromQL parse error at column 26: unexpected "}"`, 'promql-parse']],
  },
  {
    name: 'Prometheus annotation that does not parse',
    mutate: (p) => {
      dash(p).annotations.list[1].expr = 'changes(demo_level[1m]) >';
    },
    expected: [[`${D} > annotation "Level changes": PromQL parse error at column 26: unexpected end of expression`, 'promql-parse']],
  },
  {
    name: 'alert rule query that does not parse',
    mutate: (p) => {
      rules(p)[0].data[0].model.expr = 'max(demo_level))';
    },
    expected: [[`${HIGH} > query A: PromQL parse error at column 16: unexpected ")"`, 'promql-parse']],
  },
  {
    name: 'panel query calling a function that does not exist',
    mutate: (p) => {
      panel(p, 2).targets[0].expr = 'sum(rat(demo_requests_total[5m]))';
    },
    expected: [[`${D} > panel "Requests" > query A: PromQL parse error at column 5: unknown function "rat"`, 'promql-parse']],
  },
  {
    name: 'rate over an instant vector',
    mutate: (p) => {
      panel(p, 2).targets[0].expr = 'sum(rate(demo_requests_total{environment=~"$env"}))';
    },
    expected: [
      [
        `${D} > panel "Requests" > query A: PromQL type error at column 10: function "rate" needs a range vector here: add a range such as [$__rate_interval]`,
        'promql-type',
      ],
    ],
  },
  {
    name: 'alert query aggregating a range vector',
    mutate: (p) => {
      rules(p)[0].data[0].model.expr = 'max(demo_level[5m])';
    },
    expected: [
      [`${HIGH} > query A: PromQL type error at column 5: a range vector is not allowed here: only functions such as rate() or *_over_time() take one`, 'promql-type'],
    ],
  },
  {
    name: 'query returning a range vector',
    mutate: (p) => {
      dash(p).annotations.list[1].expr = 'demo_level[$__interval]';
    },
    expected: [
      [`${D} > annotation "Level changes": PromQL type error at column 1: the query returns a range vector: Grafana needs an instant vector, e.g. rate(...) over it`, 'promql-type'],
    ],
  },
  {
    name: 'panel query naming an unknown metric (typo)',
    mutate: (p) => {
      panel(p, 2).targets[0].expr = 'sum(rate(demo_requests_totl[5m]))';
    },
    expected: [
      [
        `${D} > panel "Requests" > query A: metric "demo_requests_totl" is not a known metric (did you mean "demo_requests_total"?): fix the name or add the metric to the catalog`,
        'promql-unknown-metric',
      ],
    ],
  },
  {
    name: 'unknown metric named through __name__',
    mutate: (p) => {
      panel(p, 3).targets[0].expr = 'max({__name__="node_load1"})';
    },
    expected: [
      [`${D} > panel "Level" > query A: metric "node_load1" is not a known metric: fix the name or add the metric to the catalog`, 'promql-unknown-metric'],
    ],
  },
  {
    name: 'variable query naming an unknown metric',
    mutate: (p) => {
      dash(p).templating.list[1].query = { query: 'label_values(up, environment)', refId: 'PrometheusVariableQueryEditor-VariableQuery' };
    },
    expected: [[`${D} > variable "env": metric "up" is not a known metric: fix the name or add the metric to the catalog`, 'promql-unknown-metric']],
  },
  {
    name: 'alert rule query naming an unknown metric',
    mutate: (p) => {
      rules(p)[1].data[0].model.expr = 'sum(rate(demo_error_total[5m]))';
    },
    expected: [
      [
        `${ERRORS} > query A: metric "demo_error_total" is not a known metric (did you mean "demo_errors_total"?): fix the name or add the metric to the catalog`,
        'promql-unknown-metric',
      ],
    ],
  },
  // Panels
  {
    name: 'duplicate panel id across a collapsed row',
    mutate: (p) => {
      panel(p, 5).id = 2;
    },
    expected: [[`${D} > panel "Errors": id 2 is also used by panel "Requests": panel ids must be unique`, 'panel-id-duplicate']],
  },
  {
    name: 'panel without an id',
    mutate: (p) => {
      delete panel(p, 6).id;
    },
    expected: [[`${D} > panel "Notes": has no id: give every panel a stable, non-negative integer id`, 'panel-id']],
  },
  {
    name: 'panel id that is not an integer',
    mutate: (p) => {
      panel(p, 6).id = '6';
    },
    expected: [
      [`${D} > panel "Notes": does not match Grafana's dashboard schema: id must be number`, 'schema'],
      [`${D} > panel "Notes": id "6" is not a non-negative integer`, 'panel-id'],
    ],
  },
  {
    name: 'overlapping panels',
    mutate: (p) => {
      panel(p, 3).gridPos.x = 8;
      panel(p, 3).gridPos.w = 16;
    },
    expected: [
      [`${D} > panel "Level": gridPos {x: 8, y: 1, w: 16, h: 8} overlaps panel "Requests" at {x: 0, y: 1, w: 12, h: 8}`, 'gridpos-overlap'],
    ],
  },
  {
    name: 'panel overlapping a row',
    mutate: (p) => {
      panel(p, 6).gridPos.y = 9;
    },
    expected: [[`${D} > panel "Notes": gridPos {x: 0, y: 9, w: 24, h: 3} overlaps row "Details" at {x: 0, y: 9, w: 24, h: 1}`, 'gridpos-overlap']],
  },
  {
    name: 'panel wider than the grid',
    mutate: (p) => {
      panel(p, 3).gridPos.w = 13;
    },
    expected: [
      [
        `${D} > panel "Level": gridPos {x: 12, y: 1, w: 13, h: 8} is out of the grid: x + w = 25 exceeds the 24-column grid`,
        'gridpos-range',
      ],
    ],
  },
  {
    name: 'negative gridPos y',
    mutate: (p) => {
      panel(p, 1).gridPos.y = -1;
    },
    expected: [[`${D} > row "Overview": gridPos {x: 0, y: -1, w: 24, h: 1} is out of the grid: x and y must not be negative`, 'gridpos-range']],
  },
  {
    name: 'panel without a title',
    mutate: (p) => {
      panel(p, 2).title = '';
    },
    expected: [[`${D} > panel id 2: has no title`, 'panel-title']],
  },
  {
    name: 'panel without a description',
    mutate: (p) => {
      delete panel(p, 5).description;
    },
    expected: [[`${D} > panel "Errors": has no description: say what the panel shows and how to read it`, 'panel-description']],
  },
  {
    name: 'panel without a unit',
    mutate: (p) => {
      delete panel(p, 3).fieldConfig.defaults.unit;
    },
    expected: [[`${D} > panel "Level": has no unit: set fieldConfig.defaults.unit (use "none" for plain numbers)`, 'panel-unit']],
  },
  {
    name: 'panel datasource hard-coded',
    mutate: (p) => {
      panel(p, 2).datasource = { type: 'prometheus', uid: 'demo-prom' };
    },
    expected: [[`${D} > panel "Requests": datasource must be the template variable (uid "\${datasource}"), not uid "demo-prom"`, 'panel-datasource']],
  },
  {
    name: 'query datasource missing',
    mutate: (p) => {
      delete panel(p, 5).targets[1].datasource;
    },
    expected: [[`${D} > panel "Errors" > query B: datasource must be the template variable (uid "\${datasource}"), not missing`, 'target-datasource']],
  },
  {
    name: 'two queries with one refId',
    mutate: (p) => {
      panel(p, 5).targets[1].refId = 'A';
    },
    expected: [[`${D} > panel "Errors" > query A: refId "A" is used by another query of this panel`, 'query-refid']],
  },
  // Dashboard
  {
    name: 'refresh below 5 s',
    mutate: (p) => {
      dash(p).refresh = '1s';
    },
    expected: [[`${D}: refresh "1s" is below Grafana's minimum of 5s, which Grafana silently raises`, 'dashboard-refresh']],
  },
  {
    name: 'uid with a character Grafana rejects',
    mutate: (p) => {
      dash(p).uid = 'demo.board';
    },
    expected: [[`${D}: uid "demo.board" has characters other than letters, digits, '-' and '_': Grafana would reject or regenerate it`, 'dashboard-uid']],
  },
  {
    name: 'uid longer than 40 characters',
    mutate: (p) => {
      dash(p).uid = 'd'.repeat(41);
    },
    expected: [[`${D}: uid "${'d'.repeat(41)}" is longer than 40 characters (41): Grafana would reject or regenerate it`, 'dashboard-uid']],
  },
  {
    name: 'empty dashboard title',
    mutate: (p) => {
      dash(p).title = ' ';
    },
    expected: [[`${DASHBOARD_SOURCE} > dashboard "demo": has no title (Grafana rejects an empty title)`, 'dashboard-title']],
  },
  {
    name: 'no datasource template variable',
    mutate: (p) => {
      dash(p).templating.list.shift();
    },
    expected: [[`${D}: has no datasource template variable: add one (type "datasource") and point panels at it`, 'datasource-variable']],
  },
  {
    name: 'dashboard in an undeclared folder',
    mutate: (p) => {
      p.dashboards[0].folderUid = 'ops';
    },
    expected: [[`${D}: folder uid "ops" is not one of the project's folders`, 'folder-ref']],
  },
  {
    name: 'two dashboards with one uid',
    mutate: (p) => {
      const copy = structuredClone(p.dashboards[0]);
      copy.source = 'dashboards/demo-copy.ts';
      copy.dashboard.title = 'Demo copy';
      p.dashboards.push(copy);
    },
    expected: [[`dashboards/demo-copy.ts > dashboard "Demo copy": uid "demo" is also used by ${DASHBOARD_SOURCE}`, 'dashboard-uid-duplicate']],
  },
  // Alert rules
  {
    name: 'group interval not a multiple of 10 s',
    mutate: (p) => {
      p.ruleGroups[0].group.interval = 15;
    },
    expected: [[`${G}: interval 15 must be a positive multiple of 10s (Grafana's scheduler interval)`, 'rule-group-interval']],
  },
  {
    name: 'group interval zero',
    mutate: (p) => {
      p.ruleGroups[0].group.interval = '0s';
    },
    expected: [[`${G}: interval "0s" must be a positive multiple of 10s (Grafana's scheduler interval)`, 'rule-group-interval']],
  },
  {
    name: 'rule without a summary',
    mutate: (p) => {
      delete rules(p)[0].annotations.summary;
    },
    expected: [[`${HIGH}: has no "summary" annotation`, 'rule-annotation']],
  },
  {
    name: 'rule without a runbook_url',
    mutate: (p) => {
      delete rules(p)[1].annotations.runbook_url;
    },
    expected: [[`${ERRORS}: has no "runbook_url" annotation`, 'rule-annotation']],
  },
  {
    name: 'rule without a severity label',
    mutate: (p) => {
      rules(p)[0].labels = { team: 'demo' };
    },
    expected: [[`${HIGH}: has no "severity" label`, 'rule-label']],
  },
  {
    name: 'runbook anchor that is no heading',
    mutate: (p) => {
      rules(p)[0].annotations.runbook_url = 'docs/runbooks.md#demo-level-hgh';
    },
    expected: [[`${HIGH}: runbook_url anchor "#demo-level-hgh" is no heading in docs/runbooks.md: add the section or fix the anchor`, 'runbook-anchor']],
  },
  {
    name: 'runbook anchor that only exists inside a code block',
    mutate: (p) => {
      rules(p)[1].annotations.runbook_url = 'docs/runbooks.md#not-a-heading-inside-a-fenced-block';
    },
    expected: [
      [
        `${ERRORS}: runbook_url anchor "#not-a-heading-inside-a-fenced-block" is no heading in docs/runbooks.md: add the section or fix the anchor`,
        'runbook-anchor',
      ],
    ],
  },
  {
    name: 'runbook_url pointing elsewhere',
    mutate: (p) => {
      rules(p)[0].annotations.runbook_url = 'https://wiki.example.test/demo#demo-level-high';
    },
    expected: [[`${HIGH}: runbook_url "https://wiki.example.test/demo#demo-level-high" does not point at docs/runbooks.md`, 'runbook-url']],
  },
  {
    name: 'runbooks file that does not exist',
    mutate: (p) => {
      p.runbooksFile = 'docs/run-books.md';
    },
    expected: [['docs/run-books.md: runbooks file does not exist: alert runbook_url anchors cannot be checked', 'runbook-file']],
  },
  {
    name: 'condition naming no refId',
    mutate: (p) => {
      rules(p)[0].condition = 'D';
    },
    expected: [[`${HIGH}: condition "D" names no query or expression (refIds: A, B, C)`, 'rule-condition']],
  },
  {
    name: 'for that is not a Prometheus duration',
    mutate: (p) => {
      rules(p)[0].for = '5 minutes';
    },
    expected: [[`${HIGH}: "for" must be a Prometheus duration such as "0s" or "5m", not "5 minutes"`, 'rule-for']],
  },
  {
    name: 'noDataState in the wrong case',
    mutate: (p) => {
      rules(p)[0].noDataState = 'Nodata';
    },
    expected: [[`${HIGH}: noDataState must be one of NoData, Alerting, OK, KeepLast, not "Nodata"`, 'rule-state']],
  },
  {
    name: 'execErrState with a noData-only value',
    mutate: (p) => {
      rules(p)[1].execErrState = 'NoData';
    },
    expected: [[`${ERRORS}: execErrState must be one of Alerting, Error, OK, KeepLast, not "NoData"`, 'rule-state']],
  },
  {
    name: 'rule uid with a space',
    mutate: (p) => {
      rules(p)[0].uid = 'demo level high';
    },
    expected: [
      [
        `${HIGH}: uid "demo level high" has characters other than letters, digits, '-' and '_': Grafana rule uids are 1-40 letters, digits, '-' or '_'`,
        'rule-uid',
      ],
    ],
  },
  {
    name: 'rule uid reused in another group',
    mutate: (p) => {
      const copy = structuredClone(p.ruleGroups[0]);
      copy.group.title = 'demo-more';
      copy.group.rules = [copy.group.rules[1]];
      copy.group.rules[0].title = 'Demo errors again';
      copy.group.rules[0].ruleGroup = 'demo-more';
      p.ruleGroups.push(copy);
    },
    expected: [
      [
        `${RULES_SOURCE} > rule group "demo-more" > rule "Demo errors again": uid "demo-errors" is also used by rule group "demo-alerts" > rule "Demo errors": rule uids must be unique`,
        'rule-uid-duplicate',
      ],
    ],
  },
  {
    name: 'rule without a title',
    mutate: (p) => {
      rules(p)[1].title = '';
    },
    expected: [[`${G} > rule uid "demo-errors": has no title`, 'rule-title']],
  },
  {
    name: 'query time range the wrong way round',
    mutate: (p) => {
      rules(p)[0].data[0].relativeTimeRange = { from: 0, to: 600 };
    },
    expected: [[`${HIGH} > query A: relativeTimeRange must have from > to (seconds before now), got {"from":0,"to":600}`, 'rule-time-range']],
  },
  {
    name: 'reduce expression reading a missing refId',
    mutate: (p) => {
      rules(p)[0].data[1].model.expression = 'Z';
    },
    expected: [[`${HIGH} > query B: expression reads "Z", which is no refId of this rule`, 'rule-expression-ref']],
  },
  {
    name: 'math expression reading a missing refId',
    mutate: (p) => {
      rules(p)[1].data[2].model.expression = '${Q} > 1';
    },
    expected: [[`${ERRORS} > query C: expression reads "Q", which is no refId of this rule`, 'rule-expression-ref']],
  },
  {
    name: 'two alert rule queries with one refId',
    mutate: (p) => {
      rules(p)[0].data[1].refId = 'A';
    },
    expected: [
      [`${HIGH} > query A: refId "A" is used twice in this rule`, 'query-refid'],
      [`${HIGH} > query C: expression reads "B", which is no refId of this rule`, 'rule-expression-ref'],
    ],
  },
  {
    name: 'rule query on an undeclared datasource',
    mutate: (p) => {
      rules(p)[0].data[0].datasourceUid = 'prom-prod';
    },
    expected: [[`${HIGH} > query A: datasourceUid "prom-prod" is not one of the project's datasources`, 'datasource-ref']],
  },
  {
    name: 'rule without queries',
    mutate: (p) => {
      rules(p)[1].data = [];
    },
    expected: [
      [`${ERRORS}: has no queries or expressions`, 'rule-data'],
      [`${ERRORS}: condition "C" names no query or expression (refIds: none)`, 'rule-condition'],
    ],
  },
  {
    name: 'rule group without a title',
    mutate: (p) => {
      p.ruleGroups[0].group.title = '';
    },
    expected: [[`${RULES_SOURCE} > rule group "(unnamed)": has no title`, 'rule-group-title']],
  },
  {
    name: 'rule group without rules',
    mutate: (p) => {
      p.ruleGroups[0].group.rules = [];
    },
    expected: [[`${G}: has no rules`, 'rule-group-empty']],
  },
  {
    name: 'rule group in an undeclared folder',
    mutate: (p) => {
      p.ruleGroups[0].group.folderUid = 'ops';
      for (const r of rules(p)) r.folderUID = 'ops';
    },
    expected: [[`${G}: folderUid "ops" is not one of the project's folders`, 'folder-ref']],
  },
  {
    name: 'rule filed under another folder than its group',
    mutate: (p) => {
      rules(p)[1].folderUID = 'elsewhere';
    },
    expected: [[`${ERRORS}: folderUID "elsewhere" differs from its group's folderUid "demo"`, 'folder-ref']],
  },
  // Folders and datasources
  {
    name: 'folder uid with a slash',
    mutate: (p) => {
      p.folders.push({ uid: 'team/demo', title: 'Team' });
    },
    expected: [[`folder "team/demo": uid "team/demo" has characters other than letters, digits, '-' and '_'`, 'folder-uid']],
  },
  {
    name: 'folder without a title',
    mutate: (p) => {
      p.folders[0].title = '';
    },
    expected: [[`folder "demo": has no title`, 'folder-title']],
  },
  {
    name: 'nested folder under an undeclared parent',
    mutate: (p) => {
      p.folders.push({ uid: 'demo-sub', title: 'Sub', parentUid: 'missing' });
    },
    expected: [[`folder "demo-sub": parentUid "missing" is not one of the project's folders`, 'folder-ref']],
  },
  {
    name: 'datasource declared twice',
    mutate: (p) => {
      p.datasources.push({ ...p.datasources[0], name: 'Prometheus 2' });
    },
    expected: [[`datasource "demo-prom": is declared twice`, 'datasource-uid']],
  },
  {
    name: 'panel without a gridPos',
    mutate: (p) => {
      delete panel(p, 6).gridPos;
    },
    expected: [[`${D} > panel "Notes": has no gridPos`, 'gridpos-missing']],
  },
  // Contact points and policies
  {
    name: 'contact point without a name or type',
    mutate: (p) => {
      const cp = p.contactPoints[0].contactPoint;
      delete cp.name;
      delete cp.type;
      p.policies = [];
    },
    expected: [
      [`${NOTIFY_SOURCE} > contact point "demo-webhook": has no name`, 'contact-point-name'],
      [`${NOTIFY_SOURCE} > contact point "demo-webhook": has no type (e.g. "webhook")`, 'contact-point-type'],
    ],
  },
  {
    name: 'secret setting left out',
    mutate: (p) => {
      delete p.contactPoints[0].contactPoint.settings.url;
    },
    expected: [
      [`${WEBHOOK}: secret setting "url" is missing: set it to an environment reference such as $WEBHOOK_URL`, 'contact-point-secret'],
    ],
  },
  {
    name: 'webhook URL written as a literal secret',
    mutate: (p) => {
      p.contactPoints[0].contactPoint.settings.url = 'https://hooks.example.test/T000/secret-token';
    },
    expected: [
      [
        `${WEBHOOK}: secret setting "url" holds a literal value: write it as an environment reference ($VAR) so the secret never lands in artifacts`,
        'contact-point-secret',
      ],
    ],
  },
  // Literal secrets anywhere in the definitions (literal-secret): named by shape and field, never echoed.
  {
    name: 'service-account token in a panel description',
    mutate: (p) => {
      panel(p, 2).description = 'Ask ops, or use glsa_AbCdEfGhIjKlMnOpQrStUvWxYz012345_0a1b2c3d';
    },
    expected: [[`${D} > panel "Requests": panels/1/description holds what looks like a Grafana service-account token (glsa_***)${KEEP_OUT}`, 'literal-secret']],
  },
  {
    name: 'bearer header in a panel query',
    mutate: (p) => {
      panel(p, 2).targets[0].legendFormat = 'Authorization: Bearer abcdefghijklmnopqrstuvwx0123';
    },
    expected: [[`${D} > panel "Requests" > query A: panels/1/targets/0/legendFormat holds what looks like an Authorization header value (Bearer ***)${KEEP_OUT}`, 'literal-secret']],
  },
  {
    name: 'credentials in a datasource URL',
    mutate: (p) => {
      p.datasources[0].url = 'https://scraper:hunter2hunter2@prometheus.example.test:9090';
    },
    expected: [[`datasource "demo-prom": url holds what looks like credentials in a URL (scheme://***:***@)${KEEP_OUT}`, 'literal-secret']],
  },
  {
    name: 'AWS access key id in an alert rule annotation',
    mutate: (p) => {
      rules(p)[0].annotations.description = 'Uploads with AKIAABCDEFGHIJKLMNOP to the bucket';
    },
    expected: [[`${HIGH}: rules/0/annotations/description holds what looks like an AWS access key id (AKIA***)${KEEP_OUT}`, 'literal-secret']],
  },
  {
    name: 'a legacy API key in an alert rule query model',
    mutate: (p) => {
      rules(p)[0].data[0].model.legendFormat = 'key eyJrIjoiT0tTcG1pUlY2RnVKZTFVaDFsNFZXdE9ZWmNrMkZYbk';
    },
    expected: [[`${HIGH} > query A: rules/0/data/0/model/legendFormat holds what looks like a Grafana API key (eyJrIjoi***)${KEEP_OUT}`, 'literal-secret']],
  },
  {
    name: 'contact point uid too long',
    mutate: (p) => {
      p.contactPoints[0].contactPoint.uid = 'w'.repeat(45);
    },
    expected: [[`${WEBHOOK}: uid "${'w'.repeat(45)}" is longer than 40 characters (45)`, 'contact-point-uid']],
  },
  {
    name: 'policy routing to an unknown receiver',
    mutate: (p) => {
      p.policies[0].route.routes[0].receiver = 'pager';
    },
    expected: [
      [`${NOTIFY_SOURCE} > policy route "Demo webhook" > policy route "pager": receiver "pager" is not one of the project's contact points`, 'policy-receiver'],
    ],
  },
  {
    name: 'recording rule recording a metric name with a dash',
    mutate: (p) => {
      const rule = rules(p)[0];
      for (const key of ['condition', 'noDataState', 'execErrState', 'for']) delete rule[key];
      rule.record = { metric: 'demo-level', from: 'A' };
    },
    expected: [[`${HIGH}: record.metric "demo-level" is not a valid Prometheus metric name (letters, digits, '_' and ':', not starting with a digit): Grafana refuses it ("metric name for recording rule must be a valid Prometheus metric name")`, 'recording-rule']],
  },
  {
    name: 'dashboard using a library panel nobody defines',
    mutate: (p) => {
      dash(p).panels.push({ type: 'stat', id: 40, gridPos: { x: 0, y: 40, w: 6, h: 4 }, title: 'Shared', libraryPanel: { uid: 'lib-x', name: 'Shared' } });
    },
    expected: [[`${D}: uses library panel "Shared" (uid "lib-x"), which the project neither defines nor declares external: add it to libraryPanels (or as { external: { uid, name } } when it exists in Grafana and is not yours)`, 'library-panel-ref']],
  },
  {
    name: 'mute timing with a weekday range backwards',
    mutate: (p) => {
      p.muteTimings = [{ source: NOTIFY_SOURCE, muteTiming: { name: 'nights', time_intervals: [{ weekdays: ['friday:monday'] }] } }];
    },
    expected: [[`${NOTIFY_SOURCE} > mute timing "nights": time_intervals[0]: start day cannot be before end day (Grafana refuses it: fix the interval)`, 'mute-timing-interval']],
  },
  {
    name: 'policy route naming a mute timing nobody defines',
    mutate: (p) => {
      p.policies[0].route.mute_time_intervals = ['holidays'];
    },
    expected: [[`${NOTIFY_SOURCE} > policy route: mute_time_intervals names "holidays", which is not one of the project's mute timings: define it in muteTimings, or remove the reference`, 'policy-mute-timing']],
  },
  {
    name: 'notification template with an unclosed range',
    mutate: (p) => {
      p.templates = [{ source: NOTIFY_SOURCE, template: { name: 'demo.message', template: '{{ range .Alerts }}{{ .Labels.alertname }}' } }];
    },
    expected: [[`${NOTIFY_SOURCE} > notification template "demo.message": invalid template: template: demo.message:1: unexpected EOF ({{range}} opened at line 1 has no {{end}})`, 'template-syntax']],
  },
];

describe('corpus of broken definitions', () => {
  it('holds at least 30 cases with distinct names', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it('starts from a project with no issues, under K2\'s policy and under the defaults', () => {
    expect(validateProject(validProject(), { rootDir: fixtureRoot, lint: k2LintPolicy })).toEqual([]);
    expect(validateProject(validProject(), { rootDir: fixtureRoot })).toEqual([]);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const project = validProject();
    testCase.mutate(project);
    const issues = validateProject(project, { rootDir: fixtureRoot, lint: k2LintPolicy });
    expect(issues.map((issue) => [formatIssue(issue), issue.rule])).toEqual(testCase.expected);
    expect(issues.every((issue) => issue.severity === 'error')).toBe(true);

    const byDefault = validateProject(project, { rootDir: fixtureRoot });
    const severity = { error: 'error', warn: 'warning', off: undefined } as const;
    expect(byDefault.map((issue) => [formatIssue(issue), issue.rule, issue.severity])).toEqual(
      testCase.expected
        .map(([text, rule]) => [text, rule, severity[LINT_RULES[rule].severity]])
        .filter(([, , s]) => s !== undefined),
    );
  });

  it('covers every rule in the catalog', () => {
    const covered = new Set(cases.flatMap((c) => c.expected.map(([, rule]) => rule)));
    expect(Object.keys(LINT_RULES).filter((rule) => !covered.has(rule as LintRuleId))).toEqual([]);
  });

  it('gives each finding exactly the exclusion scopes the catalog lists for its rule', () => {
    const carried = new Map<LintRuleId, Set<string>>();
    for (const testCase of cases) {
      const project = validProject();
      testCase.mutate(project);
      for (const issue of validateProject(project, { rootDir: fixtureRoot, lint: k2LintPolicy })) {
        const scopes = carried.get(issue.rule) ?? new Set<string>();
        for (const [scope, value] of Object.entries(issue.scope)) if (value !== undefined) scopes.add(scope);
        carried.set(issue.rule, scopes);
      }
    }
    const listed = Object.fromEntries([...carried.keys()].map((rule) => [rule, [...LINT_RULES[rule].scopes].sort()]));
    expect(Object.fromEntries([...carried].map(([rule, scopes]) => [rule, [...scopes].sort()]))).toEqual(listed);
  });

  it('never repeats a literal secret found anywhere in the definitions', () => {
    const project = validProject();
    panel(project, 2).description = 'token glsa_AbCdEfGhIjKlMnOpQrStUvWxYz012345_0a1b2c3d';
    project.datasources[0].url = 'https://scraper:hunter2hunter2@prometheus.example.test:9090';
    const text = JSON.stringify(validateProject(project, { rootDir: fixtureRoot }));
    expect(text).toContain('literal-secret');
    for (const secret of ['AbCdEfGhIjKlMnOp', 'hunter2', 'scraper']) expect(text).not.toContain(secret);
  });

  it('an environment reference is no literal secret, and a scoped exclusion silences a false positive', () => {
    const project = validProject();
    project.datasources[0].url = 'https://scraper:$PROM_PASSWORD@prometheus.example.test:9090';
    expect(validateProject(project, { rootDir: fixtureRoot })).toEqual([]);
    panel(project, 2).description = 'Example: api_key=EXAMPLEEXAMPLEEXAMPLE';
    expect(validateProject(project, { rootDir: fixtureRoot }).map((i) => i.rule)).toEqual(['literal-secret']);
    const lint = { exclusions: [{ rule: 'literal-secret', dashboard: 'demo', panel: 'Requests', reason: 'documented placeholder key' }] };
    expect(validateProject(project, { rootDir: fixtureRoot, lint } as never)).toEqual([]);
  });

  it('never repeats the literal secret it rejects', () => {
    const project = validProject();
    project.contactPoints[0].contactPoint.settings.url = 'https://hooks.example.test/T000/secret-token';
    const text = JSON.stringify(validateProject(project, { rootDir: fixtureRoot, lint: k2LintPolicy }));
    expect(text).toContain('contact-point-secret');
    expect(text).not.toContain('secret-token');
  });
});
