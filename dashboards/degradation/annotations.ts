import { AnnotationQueryBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { promQuery, tagAnnotation, templateDatasource } from '../../src/definitions/entry.js';
import type { Catalog } from '../catalog-type.js';
import { increaseWithNewSeries, variables } from './promql.js';
import { levelNamedTransitions } from './recording-rules.js';

/** Step of the level-change annotation query; the increase window spans two steps so no transition falls between. */
const LEVEL_CHANGE_STEP_SECONDS = 10;

/**
 * (a) failure-simulation events posted to Grafana with the simulation tag, (b) degradation level changes read
 * from Prometheus (the recorded, level-named transitions: ./recording-rules.ts), titled `MODERATE -> SEVERE`, and (c) the level changes `k2-grafana annotate watch` marks: they
 * persist in Grafana after Prometheus' retention and mark real incidents, not only simulated ones.
 */
export function dashboardAnnotations(catalog: Catalog) {
  const recorded = `${levelNamedTransitions}{environment=~"$${variables.environment}",service=~"$${variables.service}"}`;
  const named = increaseWithNewSeries(recorded, `${2 * LEVEL_CHANGE_STEP_SECONDS}s`);
  const levelChanges = new AnnotationQueryBuilder()
    .name('Degradation level changes')
    .datasource(templateDatasource('prometheus'))
    .enable(true)
    .iconColor(catalog.levels.find((l) => l.value === 2)?.color ?? 'orange')
    .target(promQuery(`sum by (from, to) (${named}) > 0`))
    .step(`${LEVEL_CHANGE_STEP_SECONDS}s`)
    .titleFormat('{{from}} -> {{to}}')
    .textFormat('Degradation level changed')
    .useValueForTime(false);
  return [
    tagAnnotation({ name: 'Failure simulation', tags: [catalog.grafana.simulationAnnotationTag], iconColor: 'purple' }),
    levelChanges,
    tagAnnotation({ name: 'Level changes (watch)', tags: [catalog.grafana.levelChangeAnnotationTag], iconColor: 'blue' }),
  ];
}
