import type { PrometheusRuleGroup } from '../../src/definitions/entry.js';
import type { Catalog } from '../catalog-type.js';
import { withLevelNames } from './promql.js';

/**
 * The level transitions counter with the level display names added (`from`, `to`: MODERATE, not K2's `graceful`),
 * recorded by Prometheus so the dashboard's "Degradation level changes" annotation reads one series instead of
 * nesting `label_replace` ten deep at every refresh. Same labels and values as the counter, plus `from` and `to`.
 */
export const levelNamedTransitions = 'k2:degradation_transitions_total:level_names';

/** Evaluated as often as the compose Prometheus scrapes (deploy/prometheus/prometheus.yml). */
const RECORD_INTERVAL = '5s';

/** The expression the recording rule evaluates: the nested label_replace the dashboard used to run itself. */
export function levelNamedTransitionsExpr(catalog: Catalog): string {
  const counter = catalog.metrics.degradationTransitions;
  const series = `${counter.name}{component="${counter.component}"}`;
  return withLevelNames(catalog, withLevelNames(catalog, series, 'from_level', 'from'), 'to_level', 'to');
}

/** K2's recording rules, compiled into provisioning/prometheus/rules.yaml beside the alerting rules' twins. */
export function k2RecordingRules(catalog: Catalog): PrometheusRuleGroup {
  return { name: 'k2-recording', interval: RECORD_INTERVAL, rules: [{ record: levelNamedTransitions, expr: levelNamedTransitionsExpr(catalog) }] };
}
