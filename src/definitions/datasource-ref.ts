/** A datasource reference as panels, targets and annotation queries carry it. */
export interface DatasourceRef {
  readonly type: string;
  readonly uid: string;
}

/**
 * The reference to a dashboard's datasource template variable (`${datasource}` by default): panels follow whatever
 * datasource the viewer picks, and the dashboard works in any Grafana whatever uid its Prometheus has.
 */
export function templateDatasource(type: string, variable = 'datasource'): DatasourceRef {
  return { type, uid: `\${${variable}}` };
}
