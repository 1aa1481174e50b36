import type { DatasourceDefinition } from '../src/index.js';
import type { Catalog } from './catalog-type.js';

/** Prometheus as the compose stack runs it; the fixed uid is what the alert rules query. */
export function k2Datasources(catalog: Catalog): DatasourceDefinition[] {
  return [
    {
      uid: catalog.grafana.datasourceUid,
      name: catalog.grafana.datasourceName,
      type: 'prometheus',
      access: 'proxy',
      url: 'http://prometheus:9090',
      isDefault: true,
      // POST keeps long label_replace queries out of URLs; a short scrape interval lets $__rate_interval follow the demo.
      jsonData: { httpMethod: 'POST', timeInterval: '5s' },
    },
  ];
}
