import type { AnnotationsConfig } from '../src/index.js';
import { grafana, levels, metrics } from '../dashboards/catalog.js';

const { name, component } = metrics.degradationLevel;

/**
 * What `k2-grafana annotate` stamps and watches for K2, from the catalog: every annotation carries the tag the
 * degradation dashboard's annotation query filters on; `annotate watch` follows the degradation level gauge and
 * names its values as the dashboards do.
 */
export const k2Annotations: AnnotationsConfig = {
  tags: [grafana.simulationAnnotationTag],
  watch: {
    selector: `${name}{component="${component}"}`,
    subject: 'Degradation level',
    levels: Object.fromEntries(levels.map((level) => [level.value, level.name])),
    tags: [grafana.levelChangeAnnotationTag],
  },
};
