/**
 * The lint policy a project's config carries: per-rule severity, exclusions scoped by dashboard, panel, query or alert
 * rule (each silencing exactly the finding it names and no other), and clear messages for a policy that is wrong.
 */
import { describe, expect, it } from 'vitest';
import { InvalidDefinitionsError } from '../../src/errors.js';
import { formatIssue } from '../../src/model/index.js';
import { hasErrors, lintConfigIssues, validateProject, type LintConfig } from '../../src/validate/index.js';
import { DASHBOARD_SOURCE, fixtureRoot, panel, rules, RULES_SOURCE, validProject, type Json } from './fixture.js';

const D = `${DASHBOARD_SOURCE} > dashboard "Demo"`;
const G = `${RULES_SOURCE} > rule group "demo-alerts"`;

/** `[text, rule, severity]` of each issue, as a reader compares them. */
function lint(project: Json, config?: LintConfig): Array<[string, string, string]> {
  return validateProject(project, { rootDir: fixtureRoot, lint: config }).map((i) => [formatIssue(i), i.rule, i.severity]);
}

/** The fixture with a second dashboard (uid "demo-copy"), both refreshing faster than Grafana allows. */
function twoFastDashboards(): Json {
  const p = validProject();
  const copy = structuredClone(p.dashboards[0]);
  copy.source = 'dashboards/demo-copy.ts';
  Object.assign(copy.dashboard, { uid: 'demo-copy', title: 'Demo copy' });
  p.dashboards.push(copy);
  for (const d of p.dashboards) d.dashboard.refresh = '1s';
  return p;
}

/** Panels "Requests" (id 2) and "Level" (id 3) have no unit. */
function twoPanelsWithoutUnit(): Json {
  const p = validProject();
  for (const id of [2, 3]) delete panel(p, id).fieldConfig.defaults.unit;
  return p;
}

const unitsRequired: LintConfig = { rules: { 'panel-unit': 'error' } };
const noUnit = (title: string): [string, string, string] => [
  `${D} > panel "${title}": has no unit: set fieldConfig.defaults.unit (use "none" for plain numbers)`,
  'panel-unit',
  'error',
];

describe('severity per rule', () => {
  it('off drops a rule the library reports by default, and a rule off by default stays silent', () => {
    const p = validProject();
    panel(p, 3).gridPos.x = 8; // now overlaps "Requests"
    delete panel(p, 2).fieldConfig.defaults.unit;
    expect(lint(p).map(([, rule]) => rule)).toEqual(['gridpos-overlap']);
    expect(lint(p, { rules: { 'gridpos-overlap': 'off' } })).toEqual([]);
  });

  it('warn reports the finding as a warning, which does not block', () => {
    const p = twoPanelsWithoutUnit();
    const issues = validateProject(p, { rootDir: fixtureRoot, lint: { rules: { 'panel-unit': 'warn' } } });
    expect(issues.map((i) => [i.rule, i.severity])).toEqual([
      ['panel-unit', 'warning'],
      ['panel-unit', 'warning'],
    ]);
    expect(hasErrors(issues)).toBe(false);
  });

  it('error reports it as an error, which blocks', () => {
    const issues = validateProject(twoPanelsWithoutUnit(), { rootDir: fixtureRoot, lint: unitsRequired });
    expect(issues.map((i) => [formatIssue(i), i.rule, i.severity])).toEqual([noUnit('Requests'), noUnit('Level')]);
    expect(hasErrors(issues)).toBe(true);
  });

  it('a rule not named keeps its default: warn for panel titles', () => {
    const p = validProject();
    delete panel(p, 2).title;
    expect(lint(p, unitsRequired)).toEqual([[`${D} > panel id 2: has no title`, 'panel-title', 'warning']]);
  });
});

describe('an exclusion silences exactly the finding it scopes', () => {
  it('by dashboard uid: the other dashboard is still reported', () => {
    const p = twoFastDashboards();
    const message = 'refresh "1s" is below Grafana\'s minimum of 5s, which Grafana silently raises';
    expect(lint(p).map(([text]) => text)).toEqual([`${D}: ${message}`, `dashboards/demo-copy.ts > dashboard "Demo copy": ${message}`]);
    const config: LintConfig = { exclusions: [{ rule: 'dashboard-refresh', dashboard: 'demo', reason: 'wall display, 1 s is wanted' }] };
    expect(lint(p, config)).toEqual([[`dashboards/demo-copy.ts > dashboard "Demo copy": ${message}`, 'dashboard-refresh', 'error']]);
  });

  it('by panel title, and by panel id: the other panel is still reported', () => {
    const p = twoPanelsWithoutUnit();
    const exclude = (scope: string | number): LintConfig => ({
      ...unitsRequired,
      exclusions: [{ rule: 'panel-unit', dashboard: 'demo', panel: scope, reason: 'mixed units' }],
    });
    expect(lint(p, exclude('Requests'))).toEqual([noUnit('Level')]);
    expect(lint(p, exclude(3))).toEqual([noUnit('Requests')]);
    // A panel title that matches nothing silences nothing.
    expect(lint(p, exclude('Request'))).toEqual([noUnit('Requests'), noUnit('Level')]);
  });

  it('by rule: the same panel\'s other finding is still reported', () => {
    const p = twoPanelsWithoutUnit();
    delete panel(p, 2).description;
    const config: LintConfig = {
      rules: { 'panel-unit': 'error', 'panel-description': 'error' },
      exclusions: [{ rule: 'panel-unit', panel: 'Requests', reason: 'mixed units' }],
    };
    expect(lint(p, config)).toEqual([
      [`${D} > panel "Requests": has no description: say what the panel shows and how to read it`, 'panel-description', 'error'],
      noUnit('Level'),
    ]);
  });

  it('by query refId within a panel: the panel\'s other query is still reported', () => {
    const p = validProject();
    for (const target of panel(p, 5).targets) target.datasource = { type: 'prometheus', uid: 'demo-prom' };
    const wrong = (refId: string): [string, string, string] => [
      `${D} > panel "Errors" > query ${refId}: datasource must be the template variable (uid "\${datasource}"), not uid "demo-prom"`,
      'target-datasource',
      'error',
    ];
    expect(lint(p)).toEqual([wrong('A'), wrong('B')]);
    expect(lint(p, { exclusions: [{ rule: 'target-datasource', panel: 'Errors', query: 'B', reason: 'compares with prod' }] })).toEqual([
      wrong('A'),
    ]);
  });

  it('by query refId within an alert rule: the other rule\'s query is still reported', () => {
    const p = validProject();
    for (const rule of rules(p)) rule.data[0].model.expr = 'rate(demo_level)';
    const typeError = (title: string): string =>
      `${G} > rule "${title}" > query A: PromQL type error at column 6: function "rate" needs a range vector here: add a range such as [$__rate_interval]`;
    expect(lint(p).map(([text]) => text)).toEqual([typeError('Demo level high'), typeError('Demo errors')]);
    const config: LintConfig = { exclusions: [{ rule: 'promql-type', alertRule: 'demo-errors', query: 'A', reason: 'known false positive' }] };
    expect(lint(p, config)).toEqual([[typeError('Demo level high'), 'promql-type', 'error']]);
  });

  it('by alert rule uid, and by title: the other rule is still reported', () => {
    const p = validProject();
    for (const rule of rules(p)) delete rule.annotations.summary;
    const config = (alertRule: string): LintConfig => ({
      rules: { 'rule-annotation': 'error' },
      exclusions: [{ rule: 'rule-annotation', alertRule, reason: 'the title says it all' }],
    });
    const noSummary = (title: string): [string, string, string] => [`${G} > rule "${title}": has no "summary" annotation`, 'rule-annotation', 'error'];
    expect(lint(p, config('demo-level-high'))).toEqual([noSummary('Demo errors')]);
    expect(lint(p, config('Demo errors'))).toEqual([noSummary('Demo level high')]);
  });

  it('everywhere: every finding of that rule, and nothing of another', () => {
    const p = twoPanelsWithoutUnit();
    delete panel(p, 2).description;
    const config: LintConfig = {
      rules: { 'panel-unit': 'error', 'panel-description': 'error' },
      exclusions: [{ rule: 'panel-unit', everywhere: true, reason: 'units come in the next release' }],
    };
    expect(lint(p, config).map(([, rule]) => rule)).toEqual(['panel-description']);
  });
});

describe('a lint config that is wrong', () => {
  const issuesOf = (config: unknown): string[] => lintConfigIssues(config);

  it('is accepted when absent or empty', () => {
    expect(issuesOf(undefined)).toEqual([]);
    expect(issuesOf({})).toEqual([]);
    expect(issuesOf({ rules: { 'panel-unit': 'warn' }, exclusions: [{ rule: 'panel-unit', panel: 3, reason: 'r' }] })).toEqual([]);
  });

  it('names an unknown rule id and suggests the closest', () => {
    expect(issuesOf({ rules: { 'panel-unt': 'error' } })).toEqual([
      'lint.rules["panel-unt"]: unknown rule id "panel-unt" (did you mean "panel-unit"?): the rule ids are listed in docs/validate.md',
    ]);
    expect(issuesOf({ exclusions: [{ rule: 'promql-pars', dashboard: 'demo', reason: 'r' }] })).toEqual([
      'lint.exclusions[0] (rule "promql-pars"): unknown rule id "promql-pars" (did you mean "promql-parse"?): the rule ids are listed in docs/validate.md',
    ]);
  });

  it('names a severity that is not off, warn or error', () => {
    expect(issuesOf({ rules: { 'panel-unit': 'warning' } })).toEqual([
      'lint.rules["panel-unit"]: severity "warning" is not one of "off", "warn", "error"',
    ]);
    expect(issuesOf({ rules: { 'panel-unit': true } })).toEqual(['lint.rules["panel-unit"]: severity true is not one of "off", "warn", "error"']);
  });

  it('names an exclusion without a reason, or with an empty one', () => {
    const message = 'lint.exclusions[0] (rule "panel-unit"): has no reason: say in "reason" why this finding is accepted';
    expect(issuesOf({ exclusions: [{ rule: 'panel-unit', panel: 'Level' }] })).toEqual([message]);
    expect(issuesOf({ exclusions: [{ rule: 'panel-unit', panel: 'Level', reason: '  ' }] })).toEqual([message]);
  });

  it('refuses an exclusion with no scope unless it says everywhere', () => {
    expect(issuesOf({ exclusions: [{ rule: 'panel-unit', reason: 'r' }] })).toEqual([
      'lint.exclusions[0] (rule "panel-unit"): has no scope: name "dashboard", "panel", "query", "alertRule", or set "everywhere": true (or set the rule to "off" in lint.rules)',
    ]);
    expect(issuesOf({ exclusions: [{ rule: 'panel-unit', reason: 'r', everywhere: true, panel: 'Level' }] })).toEqual([
      'lint.exclusions[0] (rule "panel-unit"): "everywhere" excludes the rule in the whole project; drop it or drop "panel"',
    ]);
  });

  it('names a misspelt scope field instead of widening the exclusion to everywhere', () => {
    expect(issuesOf({ exclusions: [{ rule: 'panel-unit', reason: 'r', dashbaord: 'demo' }] })).toEqual([
      'lint.exclusions[0] (rule "panel-unit"): unknown field "dashbaord" (did you mean "dashboard"?)',
      'lint.exclusions[0] (rule "panel-unit"): has no scope: name "dashboard", "panel", "query", "alertRule", or set "everywhere": true (or set the rule to "off" in lint.rules)',
    ]);
  });

  it('names a scope the rule\'s findings never carry, and a query with no panel or rule', () => {
    expect(issuesOf({ exclusions: [{ rule: 'folder-title', dashboard: 'demo', reason: 'r' }] })).toEqual([
      'lint.exclusions[0] (rule "folder-title"): rule "folder-title" has no findings scoped by "dashboard", so this would silence nothing: it can only be excluded with "everywhere": true',
    ]);
    expect(issuesOf({ exclusions: [{ rule: 'panel-unit', panel: 'Level', query: 'A', reason: 'r' }] })).toEqual([
      'lint.exclusions[0] (rule "panel-unit"): rule "panel-unit" has no findings scoped by "query", so this would silence nothing: it can be scoped by "dashboard", "panel"',
    ]);
    expect(issuesOf({ exclusions: [{ rule: 'promql-parse', query: 'A', reason: 'r' }] })).toEqual([
      'lint.exclusions[0] (rule "promql-parse"): "query" needs "panel" or "alertRule" beside it: refIds such as "A" repeat in every panel and rule',
    ]);
  });

  it('names shapes that are not a lint config', () => {
    expect(issuesOf('strict')).toEqual(['lint: must be an object with "rules" and/or "exclusions", not "strict"']);
    expect(issuesOf({ rule: {} })).toEqual(['lint: unknown key "rule" (did you mean "rules"?)']);
    expect(issuesOf({ exclusions: { rule: 'panel-unit' } })).toEqual(['lint.exclusions: must be an array of exclusions, not an object']);
    expect(issuesOf({ exclusions: [{ rule: 'panel-unit', panel: 2.5, reason: 'r' }] })).toEqual([
      'lint.exclusions[0] (rule "panel-unit"): "panel" must be a panel title or id, not 2.5',
    ]);
  });

  it('stops validateProject with InvalidDefinitionsError listing every problem', () => {
    // @ts-expect-error: a misspelt rule id does not compile in a typed config (tsc checks this file).
    const typo: LintConfig = { rules: { 'panel-unt': 'error' }, exclusions: [{ rule: 'panel-unit', reason: '' }] };
    const run = (): unknown => validateProject(validProject(), { rootDir: fixtureRoot, lint: typo });
    expect(run).toThrow(InvalidDefinitionsError);
    try {
      run();
    } catch (error) {
      expect((error as InvalidDefinitionsError).issues).toHaveLength(3);
      expect((error as InvalidDefinitionsError).message).toContain('did you mean "panel-unit"?');
    }
  });
});
