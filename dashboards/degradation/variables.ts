import {
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { templateDatasource } from '../../src/definitions/entry.js';
import type { Catalog } from '../catalog-type.js';
import { variables } from './promql.js';

/** Datasource, environment, service: the three pickers at the top of every K2 dashboard. */
export function dashboardVariables(catalog: Catalog) {
  const level = catalog.metrics.degradationLevel.name;
  const labelVariable = (name: string, label: string, query: string) =>
    new QueryVariableBuilder(name)
      .label(label)
      .datasource(templateDatasource('prometheus'))
      .query(query)
      .definition(query)
      .refresh(VariableRefresh.OnTimeRangeChanged)
      .sort(VariableSort.AlphabeticalAsc)
      .includeAll(true)
      .current({ text: 'All', value: '$__all' })
      // `.*` rather than Grafana's `a|b|c` expansion: series that appear later are included too.
      .allValue('.*');
  return [
    // Preselects the provisioned Prometheus; Grafana falls back to the default one where that uid does not exist.
    new DatasourceVariableBuilder('datasource')
      .label('Prometheus')
      .type('prometheus')
      .current({ text: catalog.grafana.datasourceName, value: catalog.grafana.datasourceUid }),
    labelVariable(variables.environment, 'Environment', `label_values(${level}, environment)`),
    labelVariable(
      variables.service,
      'Service',
      `label_values(${level}{environment=~"$${variables.environment}"}, service)`,
    ),
  ];
}
