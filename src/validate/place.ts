import type { Issue, IssueScope, JsonObject } from '../model/index.js';
import { numberAt, stringAt } from './json.js';
import type { LintRuleId } from './rules-catalog.js';
import type { PanelEntry } from './walk-panels.js';
import { where } from './where.js';

/** A check's finding, before the lint policy gives it a severity or drops it. */
export type Finding = Omit<Issue, 'severity'>;

/** Where a finding is: labels for people (`where`) and the ids lint exclusions match (`scope`), built together. */
export interface Place {
  readonly where: readonly string[];
  readonly scope: IssueScope;
}

export const place = {
  /** A place outside any dashboard or alert rule: a file, folder, datasource, rule group, contact point. */
  of: (...labels: string[]): Place => ({ where: labels, scope: {} }),
  /** A label inside `parent` that adds no scope of its own (a variable, an annotation, a policy route). */
  within: (parent: Place, label: string): Place => ({ where: [...parent.where, label], scope: parent.scope }),
  dashboard: (source: string, dashboard: JsonObject): Place => ({
    where: [source, where.dashboard(dashboard)],
    scope: { dashboard: stringAt(dashboard.uid) },
  }),
  panel: (dashboard: Place, entry: PanelEntry): Place => ({
    where: [...dashboard.where, entry.label],
    scope: { ...dashboard.scope, panel: { id: numberAt(entry.panel.id), title: stringAt(entry.panel.title) } },
  }),
  rule: (group: Place, rule: JsonObject, index: number): Place => {
    const uid = stringAt(rule.uid);
    const title = stringAt(rule.title);
    return { where: [...group.where, where.rule(title, uid, index)], scope: { ...group.scope, alertRule: { uid, title } } };
  },
  query: (parent: Place, refId: string | undefined, index: number): Place => ({
    where: [...parent.where, where.query(refId, index)],
    scope: refId === undefined ? parent.scope : { ...parent.scope, query: refId },
  }),
};

export function finding(at: Place, rule: LintRuleId, message: string): Finding {
  return { where: at.where, scope: at.scope, message, rule };
}
