import type { DashboardDefinition, ProjectDefinition } from '../model/index.js';
import { uidProblem } from './grafana-uid.js';
import { stringAt } from './json.js';
import { datasourceVariableNames } from './panels.js';
import { parsePrometheusDuration } from './prometheus-duration.js';
import { finding, place, type Finding } from './place.js';
import type { LintRuleId } from './rules-catalog.js';

export interface DashboardRuleOptions {
  /**
   * Grafana's `min_refresh_interval`: shorter refresh values are silently raised to it on save
   * (grafana-http-api.md 5.1 item 4), which would make every push differ.
   * @default 5000
   */
  readonly minRefreshMs?: number;
}

/** Dashboard-level rules: title, uid (valid and unique), folder, refresh, and a datasource template variable. */
export function checkDashboards(project: ProjectDefinition, options: DashboardRuleOptions = {}): Finding[] {
  const minRefreshMs = options.minRefreshMs ?? 5000;
  const folders = new Set((project.folders ?? []).map((f) => f.uid));
  const uidOwners = new Map<string, DashboardDefinition>();
  const issues: Finding[] = [];
  for (const definition of (project.dashboards ?? [])) {
    const { source, dashboard } = definition;
    const at = place.dashboard(source, dashboard);
    const add = (rule: LintRuleId, message: string): void => {
      issues.push(finding(at, rule, message));
    };
    if (!stringAt(dashboard.title)?.trim()) add('dashboard-title', 'has no title (Grafana rejects an empty title)');
    const uid = dashboard.uid;
    const uidIssue = uidProblem(uid);
    if (uidIssue) add('dashboard-uid', `${uidIssue}: Grafana would reject or regenerate it`);
    else if (uidOwners.has(uid as string)) {
      add('dashboard-uid-duplicate', `uid "${uid as string}" is also used by ${uidOwners.get(uid as string)!.source}`);
    } else uidOwners.set(uid as string, definition);
    if (!folders.has(definition.folderUid)) {
      add('folder-ref', `folder uid "${definition.folderUid}" is not one of the project's folders`);
    }
    const refresh = dashboard.refresh;
    // "" (off) and "auto" are valid and kept by Grafana (grafana-http-api.md 14.8).
    if (typeof refresh === 'string' && refresh !== '' && refresh !== 'auto') {
      const ms = parsePrometheusDuration(refresh);
      if (ms === undefined) add('dashboard-refresh', `refresh "${refresh}" is not a duration such as "5s" or "1m"`);
      else if (ms < minRefreshMs) {
        add('dashboard-refresh', `refresh "${refresh}" is below Grafana's minimum of ${minRefreshMs / 1000}s, which Grafana silently raises`);
      }
    } else if (refresh !== undefined && refresh !== false && refresh !== '' && refresh !== 'auto') {
      add('dashboard-refresh', `refresh must be a duration string such as "5s", not ${JSON.stringify(refresh)}`);
    }
    if (datasourceVariableNames(dashboard).length === 0) {
      add('datasource-variable', 'has no datasource template variable: add one (type "datasource") and point panels at it');
    }
  }
  return issues;
}
