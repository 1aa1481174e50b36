/**
 * The lint policy a project's config carries (`ProjectConfig.lint`): a severity per rule and exclusions, each scoped
 * and given a reason. Exclusions follow grafana/dashboard-linter's `.lint` file: an entry names a rule, the fields it
 * sets must all match a finding, and the fields it leaves out match anything.
 */
import { InvalidDefinitionsError } from '../errors.js';
import { closestName } from './closest-name.js';
import { isLintRuleId, LINT_RULE_IDS, LINT_RULES, type LintRuleId, type LintRuleInfo } from './rules-catalog.js';

/** `off` drops a rule's findings, `warn` reports them as warnings, `error` as errors. */
export type LintSeverity = 'off' | 'warn' | 'error';

export const LINT_SEVERITIES: readonly LintSeverity[] = ['off', 'warn', 'error'];

export interface LintConfig {
  /** Rule id -> severity; a rule not named keeps its default (docs/validate.md). */
  readonly rules?: Readonly<Partial<Record<LintRuleId, LintSeverity>>>;
  readonly exclusions?: readonly LintExclusion[];
}

/**
 * Silences one rule where it is scoped. At least one scope field is required, or `everywhere: true` to silence the
 * rule's every finding while still saying why (a typo'd scope field must not silently widen to everywhere).
 */
export interface LintExclusion {
  readonly rule: LintRuleId;
  /** Why this finding is accepted: required, and printed with the exclusions. */
  readonly reason: string;
  /** Dashboard uid. */
  readonly dashboard?: string;
  /** Panel (or row) title, or panel id as a number. */
  readonly panel?: string | number;
  /** Query refId; needs `panel` or `alertRule` beside it, as refIds repeat everywhere. */
  readonly query?: string;
  /** Alert rule uid or title. */
  readonly alertRule?: string;
  /** Set instead of every scope field to exclude the rule in the whole project. */
  readonly everywhere?: true;
}

/**
 * The fields of an exclusion that narrow where it applies. A new scope (say `datasource`, for a secret detector's
 * false positive in a datasource URL) is one name here, its field on LintExclusion and IssueScope, its entry in
 * SCOPE_TYPES and in lint-policy.ts's SCOPE_MATCHES, and `place` setting it; the compiler points at each.
 */
export type LintScope = 'dashboard' | 'panel' | 'query' | 'alertRule';

/** Scope fields and the type each takes, in the order messages list them. */
const SCOPE_TYPES: Readonly<Record<LintScope, string>> = {
  dashboard: 'a dashboard uid',
  panel: 'a panel title or id',
  query: 'a query refId',
  alertRule: 'an alert rule uid or title',
};
export const LINT_SCOPES = Object.keys(SCOPE_TYPES) as LintScope[];

const EXCLUSION_FIELDS = ['rule', 'reason', ...LINT_SCOPES, 'everywhere'];

/**
 * What is wrong with a lint config, one message per problem, each naming the entry and what to do; empty when it is
 * valid. Takes `unknown` because the config is user input loaded at run time.
 */
export function lintConfigIssues(lint: unknown): string[] {
  if (lint === undefined) return [];
  if (!isRecord(lint)) return [`lint: must be an object with "rules" and/or "exclusions", not ${describe(lint)}`];
  const issues: string[] = [];
  for (const key of Object.keys(lint)) {
    if (key !== 'rules' && key !== 'exclusions') issues.push(`lint: unknown key "${key}"${didYouMean(key, ['rules', 'exclusions'])}`);
  }
  if (lint.rules !== undefined) {
    if (!isRecord(lint.rules)) issues.push(`lint.rules: must be an object of rule id -> severity, not ${describe(lint.rules)}`);
    else {
      for (const [id, severity] of Object.entries(lint.rules)) {
        const at = `lint.rules["${id}"]`;
        if (!isLintRuleId(id)) issues.push(`${at}: ${unknownRule(id)}`);
        if (!LINT_SEVERITIES.includes(severity as LintSeverity)) {
          issues.push(`${at}: severity ${describe(severity)} is not one of ${LINT_SEVERITIES.map((s) => `"${s}"`).join(', ')}`);
        }
      }
    }
  }
  if (lint.exclusions !== undefined) {
    if (!Array.isArray(lint.exclusions)) issues.push(`lint.exclusions: must be an array of exclusions, not ${describe(lint.exclusions)}`);
    else lint.exclusions.forEach((exclusion, i) => issues.push(...exclusionIssues(exclusion, i)));
  }
  return issues;
}

/** Throws InvalidDefinitionsError listing every problem of an invalid lint config; returns it typed otherwise. */
export function assertLintConfig(lint: unknown): LintConfig | undefined {
  const issues = lintConfigIssues(lint);
  if (issues.length > 0) {
    throw new InvalidDefinitionsError(
      `the lint config has ${issues.length} problem(s): ${issues.join('; ')}`,
      issues,
      'Fix `lint` in the project config; rule ids, severities and exclusion scopes are listed in docs/validate.md.',
    );
  }
  return lint as LintConfig | undefined;
}

function exclusionIssues(exclusion: unknown, index: number): string[] {
  if (!isRecord(exclusion)) return [`lint.exclusions[${index}]: must be an object with "rule" and "reason", not ${describe(exclusion)}`];
  const rule = exclusion.rule;
  const at = `lint.exclusions[${index}]${typeof rule === 'string' ? ` (rule "${rule}")` : ''}`;
  const issues: string[] = [];
  for (const key of Object.keys(exclusion)) {
    if (!EXCLUSION_FIELDS.includes(key)) issues.push(`${at}: unknown field "${key}"${didYouMean(key, EXCLUSION_FIELDS)}`);
  }
  if (typeof rule !== 'string') issues.push(`${at}: "rule" must name a rule id, not ${describe(rule)}`);
  else if (!isLintRuleId(rule)) issues.push(`${at}: ${unknownRule(rule)}`);
  if (typeof exclusion.reason !== 'string' || exclusion.reason.trim() === '') {
    issues.push(`${at}: has no reason: say in "reason" why this finding is accepted`);
  }

  const scopes = LINT_SCOPES.filter((scope) => exclusion[scope] !== undefined);
  for (const scope of scopes) {
    const value = exclusion[scope];
    const ok = scope === 'panel' ? (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isInteger(value)) : typeof value === 'string' && value !== '';
    if (!ok) issues.push(`${at}: "${scope}" must be ${SCOPE_TYPES[scope]}, not ${describe(value)}`);
  }
  if (exclusion.everywhere !== undefined && exclusion.everywhere !== true) {
    issues.push(`${at}: "everywhere" can only be true, not ${describe(exclusion.everywhere)}`);
  }
  if (exclusion.everywhere === true && scopes.length > 0) {
    issues.push(`${at}: "everywhere" excludes the rule in the whole project; drop it or drop ${scopes.map((s) => `"${s}"`).join(', ')}`);
  }
  if (exclusion.everywhere === undefined && scopes.length === 0) {
    issues.push(
      `${at}: has no scope: name ${LINT_SCOPES.map((s) => `"${s}"`).join(', ')}, or set "everywhere": true ` +
        `(or set the rule to "off" in lint.rules)`,
    );
  }
  if (exclusion.query !== undefined && exclusion.panel === undefined && exclusion.alertRule === undefined) {
    issues.push(`${at}: "query" needs "panel" or "alertRule" beside it: refIds such as "A" repeat in every panel and rule`);
  }
  if (exclusion.panel !== undefined && exclusion.alertRule !== undefined) {
    issues.push(`${at}: "panel" and "alertRule" never apply to the same finding: write two exclusions`);
  }
  if (typeof rule === 'string' && isLintRuleId(rule)) {
    const info: LintRuleInfo = LINT_RULES[rule];
    const unusable = scopes.filter((scope) => !info.scopes.includes(scope));
    if (unusable.length > 0) {
      const allowed = info.scopes.length > 0 ? `it can be scoped by ${info.scopes.map((s) => `"${s}"`).join(', ')}` : 'it can only be excluded with "everywhere": true';
      issues.push(`${at}: rule "${rule}" has no findings scoped by ${unusable.map((s) => `"${s}"`).join(', ')}, so this would silence nothing: ${allowed}`);
    }
  }
  return issues;
}

function unknownRule(id: string): string {
  return `unknown rule id "${id}"${didYouMean(id, LINT_RULE_IDS)}: the rule ids are listed in docs/validate.md`;
}

function didYouMean(name: string, candidates: readonly string[]): string {
  const suggestion = closestName(name, candidates);
  return suggestion ? ` (did you mean "${suggestion}"?)` : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value in a message: short, and never a long string in full (it could be something pasted by mistake). */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return value.length > 40 ? `a ${value.length}-character string` : JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}
