/**
 * The real K2 definitions validate cleanly, and the validator actually looked at them: every dashboard panel
 * query and every alert rule query was parsed and named only catalog metrics.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { k2LintPolicy, project } from '../../dashboards/index.js';
import { formatIssue } from '../../src/model/index.js';
import { validateProject } from '../../src/validate/index.js';
import { collectPromql } from '../../src/validate/promql/collect-promql.js';
import { parsePromql } from '../../src/validate/promql/parse-promql.js';

const rootDir = fileURLToPath(new URL('../../', import.meta.url));

describe('the K2 project', () => {
  it('validates with zero issues under its own policy and under the defaults, runbook anchors included', () => {
    expect(project.runbooksFile).toBe('docs/runbooks.md');
    expect(validateProject(project, { rootDir, lint: k2LintPolicy }).map(formatIssue)).toEqual([]);
    expect(validateProject(project, { rootDir }).map(formatIssue)).toEqual([]);
  });

  it('has its PromQL checked: dashboard panels, variables, annotations and every alert rule', () => {
    const sites = collectPromql(project);
    const places = new Set(sites.map((s) => s.where[2]?.split(' ')[0]));
    expect(places).toEqual(new Set(['panel', 'variable', 'annotation', 'rule']));
    const rulesWithQueries = new Set(sites.filter((s) => s.where[2]?.startsWith('rule ')).map((s) => s.where[2]));
    const ruleCount = (project.ruleGroups ?? []).reduce((n, g) => n + (g.group.rules as unknown[]).length, 0);
    expect(rulesWithQueries.size).toBe(ruleCount);
    const named = new Set(sites.flatMap((s) => parsePromql(s.expr).metricNames));
    expect([...named].every((m) => project.knownMetrics.includes(m))).toBe(true);
    expect(named.size).toBeGreaterThanOrEqual(8);
  });

  it('is rejected once a query names a metric K2 does not export', () => {
    const broken = structuredClone(project) as { -readonly [K in keyof typeof project]: (typeof project)[K] };
    const panels = (broken.dashboards ?? [])[0].dashboard.panels as Array<{ targets?: Array<{ expr: string }> }>;
    const target = panels.flatMap((p) => p.targets ?? [])[0];
    target.expr = target.expr.replace(/k2_[a-z_]+/, 'k2_processed_messages_total');
    const issues = validateProject(broken, { rootDir, lint: k2LintPolicy });
    expect(issues.map((i) => [i.rule, i.severity])).toEqual([['promql-unknown-metric', 'error']]);
    expect(formatIssue(issues[0])).toMatch(/^dashboards\/.+ > dashboard "K2 Degradation" > panel ".+" > query A: metric "k2_processed_messages_total"/);
    // The catalog check is K2's house rule, not the library's: without K2's policy the name is not checked.
    expect(validateProject(broken, { rootDir })).toEqual([]);
  });
});
