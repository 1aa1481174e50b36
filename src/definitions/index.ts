// Public surface of src/definitions: re-exported by src/index.ts.
export { panelIdFromKey } from './panel-id.js';
export { templateDatasource, type DatasourceRef } from './datasource-ref.js';
export { legendConfig, type LegendMode, type LegendOptions } from './legend.js';
export { keyedPanel, keyedRow, keyOfPanel, type KeyedPanelOptions } from './keyed-panel.js';
export { defineDashboard, refIdFor, type DefineDashboardOptions, type AnyPanel } from './define-dashboard.js';
export { promQuery, type PromQueryOptions } from './prometheus-query.js';
export { tagAnnotation, type TagAnnotationOptions } from './tag-annotation.js';
export { withRaw, raw, type RawFields, type RawOptions } from './raw.js';
export { savedPanel } from './saved-panel.js';
