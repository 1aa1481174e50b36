/**
 * The K2 definitions module: what `k2-grafana generate` loads by default. Exports the project (dashboards, alert
 * rules, notifications, datasource), the Prometheus equivalents of the rules, and the catalog.
 */
import { compileGrafanaRuleGroup, compilePrometheusRules, panelIdFromKey, toLibraryPanel, type ProjectDefinition, type PrometheusRuleFile } from '../src/definitions/entry.js';
import { k2ContactPoint, k2MaintenanceWindow, k2MessageTemplate, k2Policy, k2RuleGroup, rulesSource, runbooksFile } from './alerting/index.js';
import type { Catalog } from './catalog-type.js';
import * as k2 from './catalog.js';
import { k2Datasources } from './datasources.js';
import { degradationDashboard } from './degradation/index.js';
import { levelNowPanelKey } from './degradation/panels/level-now.js';
import { k2RecordingRules, levelNamedTransitions } from './degradation/recording-rules.js';

export * from './catalog.js';
export type { Catalog } from './catalog-type.js';
export { degradationDashboard } from './degradation/index.js';
export { k2RecordingRules, levelNamedTransitions, levelNamedTransitionsExpr } from './degradation/recording-rules.js';
export { k2LintPolicy } from './lint-policy.js';
export { k2RuleGroup, k2ContactPoint, k2Policy, k2MaintenanceWindow, k2MessageTemplate, runbookAnchors, runbooksFile } from './alerting/index.js';

/** Runbook links are relative to the repository; point them at your repository's web view if you publish it. */
export const runbookBaseUrl = runbooksFile;

/** The whole K2 project, built from a catalog (the real one by default; tests pass modified copies). */
export function buildProject(catalog: Catalog = k2): ProjectDefinition {
  // The level-now stat is a library panel, used by reference (shared with any other dashboard that shows the level).
  const degradation = toLibraryPanel(degradationDashboard(catalog), panelIdFromKey(levelNowPanelKey), {
    ...catalog.grafana.levelNowLibraryPanel, folderUid: catalog.grafana.folder.uid,
  });
  return {
    name: 'k2',
    folders: [{ uid: catalog.grafana.folder.uid, title: catalog.grafana.folder.title }],
    datasources: k2Datasources(catalog),
    libraryPanels: [degradation.libraryPanel],
    dashboards: [degradation.dashboard],
    ruleGroups: [
      compileGrafanaRuleGroup(k2RuleGroup(catalog), {
        source: rulesSource,
        datasourceUid: catalog.grafana.datasourceUid,
        runbookBaseUrl,
      }),
    ],
    contactPoints: [k2ContactPoint(catalog)],
    policies: [k2Policy(catalog)],
    muteTimings: [k2MaintenanceWindow(catalog)],
    templates: [k2MessageTemplate(catalog)],
    // The recorded series the dashboard reads is a metric too (./degradation/recording-rules.ts).
    knownMetrics: [...catalog.metricNames, levelNamedTransitions],
    runbooksFile,
  };
}

/**
 * The same rules as Prometheus alerting rules, for `promtool test rules` and a Prometheus-only setup, and the recording
 * rule the dashboard's level-change annotation reads (the test and compose Prometheus both load this file).
 */
export function buildPrometheusRules(catalog: Catalog = k2): PrometheusRuleFile {
  const alerting = compilePrometheusRules([k2RuleGroup(catalog)], { runbookBaseUrl });
  return { groups: [...alerting.groups, k2RecordingRules(catalog)] };
}

export const project: ProjectDefinition = buildProject();
export const prometheusRules: PrometheusRuleFile = buildPrometheusRules();
