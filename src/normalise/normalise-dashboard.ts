import type { JsonObject, JsonValue } from '../model/index.js';
import { normaliseDatasourceRef } from './datasource-ref.js';
import { canonicalJson, isEmptyContainer, isJsonObject, jsonEqual, omitKeys, resortKeys, stripDefaults } from './json.js';
import { legacyRowsToPanels } from './legacy-rows.js';

/*
 * The one dashboard normaliser. It serves both sides: what we generate and what Grafana returns
 * (`GET /api/dashboards/uid/:uid`), so an unchanged dashboard compares equal whatever Grafana or its UI adds.
 * Pure: it deep-copies its input (canonicalJson) and never mutates it. Idempotent: normalising twice changes nothing.
 * Every field it drops or default it strips names where Grafana sets it.
 */

/**
 * Server-owned top-level fields. `id` and `version` are forced to the database values on every read
 * (grafana-http-api.md 5.2); `iteration` is a load timestamp older frontends wrote back on save. `__inputs`,
 * `__requires` and `__elements` wrap a dashboard "exported for sharing externally" (DashboardExporter) and are
 * removed again on import: they are not part of the dashboard.
 */
const SERVER_FIELDS = ['id', 'version', 'iteration', '__inputs', '__requires', '__elements'] as const;

/**
 * Values DashboardModel's constructor fills in when a field is absent
 * (public/app/features/dashboard/state/DashboardModel.ts: `data.tags ?? []`, `timezone ?? ''`, `weekStart ?? ''`,
 * `editable !== false`, `graphTooltip || 0`, `time ?? {from:'now-6h',to:'now'}`, `timepicker ?? {}`,
 * `Boolean(liveNow)`, `refresh ?? ''`, `fiscalYearStartMonth ?? 0`, `links ?? []`, `gnetId || null`), plus
 * `style: 'dark'` (removed by the schemaVersion 37 migration), `preload: false` (added by Grafana 11 saves) and an empty
 * `description` (the settings editor writes '' for none).
 */
const DASHBOARD_DEFAULTS: Readonly<Record<string, JsonValue>> = {
  tags: [],
  timezone: '',
  weekStart: '',
  editable: true,
  graphTooltip: 0,
  time: { from: 'now-6h', to: 'now' },
  timepicker: {},
  liveNow: false,
  refresh: '',
  fiscalYearStartMonth: 0,
  links: [],
  gnetId: null,
  style: 'dark',
  preload: false,
  description: '',
};

/** Default refresh picker choices (TimePickerWithHistory / scenes `refresh_intervals` default) and legacy time_options. */
const DEFAULT_TIMEPICKER: Readonly<Record<string, JsonValue>> = {
  refresh_intervals: ['5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h', '2h', '1d'],
  time_options: ['5m', '15m', '1h', '6h', '12h', '24h', '2d', '7d', '30d'],
  hidden: false,
  nowDelay: '',
};

/**
 * Panel properties Grafana never persists (`notPersistedProperties` in
 * public/app/features/dashboard/state/PanelModel.ts), plus repeat bookkeeping that only repeat clones carry
 * (`scopedVars`, `repeatIteration`: cleared by `removeRepeatedPanels` in DashboardMigrator.ts).
 */
const PANEL_NOT_PERSISTED = [
  'events', 'isViewing', 'isEditing', 'isInView', 'hasRefreshed', 'cachedPluginOptions', 'plugin', 'queryRunner',
  'replaceVariables', 'configRev', 'hasSavedPanelEditChange', 'getDisplayTitle', 'dataSupport', 'key', 'isNew',
  'scopedVars', 'repeatIteration',
] as const;

/**
 * PanelModel `defaults` (PanelModel.ts) that `getSaveModel` omits when equal, plus empty `links` /
 * `transformations` that newer saves write and older ones omit (PanelModel reads both as "none").
 */
const PANEL_DEFAULTS: Readonly<Record<string, JsonValue>> = {
  transparent: false,
  options: {},
  fieldConfig: { defaults: {}, overrides: [] },
  title: '',
  links: [],
  transformations: [],
};

/**
 * Query fields that are editor state, not query: `editorMode` (Prometheus/Loki query editor's code/builder toggle),
 * and `hide: false` / `key` (the query row's default visibility and React key).
 */
const TARGET_DEFAULTS: Readonly<Record<string, JsonValue>> = { hide: false };
const TARGET_EDITOR_STATE = ['editorMode', 'key'] as const;

/**
 * Variable fields that are runtime state: `current` (the selection when the dashboard was saved) and `options`
 * (computed from `query` on load; scenes saves query variables with `options: []`), plus state older frontends
 * leaked into saved JSON (`index`, `state`, `error`, `global`, `rootStateKey`, `id`).
 */
const VARIABLE_STATE = ['current', 'options', 'index', 'state', 'error', 'global', 'rootStateKey', 'id'] as const;
/**
 * Variable keys Grafana no longer reads and deletes on migration (public/app/features/dashboard/state/
 * DashboardMigrator.ts, schemaVersion 28: `tags`, `tagsQuery`, `tagValuesQuery`, `useTags`). A hand-made or old
 * dashboard may still carry them; a re-save drops them.
 */
const VARIABLE_DEPRECATED = ['tags', 'tagsQuery', 'tagValuesQuery', 'useTags'] as const;
/** Defaults of `initialVariableModelState` (public/app/features/variables/types.ts). */
const VARIABLE_DEFAULTS: Readonly<Record<string, JsonValue>> = {
  hide: 0,
  skipUrlSync: false,
  description: null,
  label: null,
};

/** The built-in "Annotations & Alerts" query DashboardModel.addBuiltInAnnotationQuery adds when none exists. */
function isDefaultBuiltInAnnotation(annotation: JsonObject): boolean {
  return (annotation.builtIn === 1 || annotation.builtIn === true) && annotation.enable !== false && annotation.hide !== false
    && (annotation.name === undefined || annotation.name === 'Annotations & Alerts');
}

function gridPosOf(panel: JsonObject): JsonObject {
  const pos = isJsonObject(panel.gridPos) ? panel.gridPos : {};
  // PanelModel defaults gridPos to {x:0, y:0, h:3, w:6} when a field is missing.
  const out: JsonObject = {
    x: typeof pos.x === 'number' ? pos.x : 0,
    y: typeof pos.y === 'number' ? pos.y : 0,
    w: typeof pos.w === 'number' ? pos.w : 6,
    h: typeof pos.h === 'number' ? pos.h : 3,
  };
  if (pos.static === true) out.static = true;
  return out;
}

function normaliseTarget(target: JsonValue, panelDatasource: JsonValue | undefined): JsonValue {
  if (!isJsonObject(target)) return target;
  let out = stripDefaults(omitKeys(target, TARGET_EDITOR_STATE), TARGET_DEFAULTS);
  const ds = normaliseDatasourceRef(out.datasource);
  // Newer saves copy the panel's datasource onto every query; equal to the panel's, it says nothing.
  if (ds === undefined || jsonEqual(ds, panelDatasource)) out = omitKeys(out, ['datasource']);
  else out.datasource = ds;
  return out;
}

/**
 * Grafana reads the first threshold step as −∞ whatever value it holds (packages/grafana-data/src/field/thresholds.ts:
 * `sortThresholds` / `getActiveThreshold`; the editor writes `-Infinity`, saved as `null`, and newer saves write the
 * base as `null` where older ones kept a number). So the first step's value is canonically `null`.
 */
function normaliseThresholds(thresholds: JsonValue | undefined): JsonValue | undefined {
  if (!isJsonObject(thresholds) || !Array.isArray(thresholds.steps) || !isJsonObject(thresholds.steps[0])) return thresholds;
  if (thresholds.steps[0].value === null) return thresholds; // already canonical: no copy (this runs for every panel)
  const [first, ...rest] = thresholds.steps as JsonObject[];
  return { ...thresholds, steps: [{ ...first, value: null }, ...rest] };
}

/**
 * Table options Grafana 12.2 moved into the field config (public/app/plugins/panel/table/migrations.ts):
 * `migrateTextWrapToFieldLevel` moves `custom.cellOptions.wrapText` to `custom.wrapText`, and `migrateFooterV2`
 * turns `options.footer {show, reducer}` into `custom.footer {reducers}` (a hidden footer into none). Both spellings
 * mean the same table, so the newer one is canonical.
 */
function moveLegacyTableOptions(panel: JsonObject): JsonObject {
  if (panel.type !== 'table') return panel;
  const options = isJsonObject(panel.options) ? { ...panel.options } : undefined;
  const fieldConfig = isJsonObject(panel.fieldConfig) ? { ...panel.fieldConfig } : {};
  const defaults = isJsonObject(fieldConfig.defaults) ? { ...fieldConfig.defaults } : {};
  const custom = isJsonObject(defaults.custom) ? { ...defaults.custom } : {};
  let moved = false;
  if (isJsonObject(custom.cellOptions) && custom.cellOptions.wrapText !== undefined) {
    if (custom.wrapText === undefined) custom.wrapText = custom.cellOptions.wrapText;
    const { wrapText: _w, ...cellOptions } = custom.cellOptions;
    custom.cellOptions = cellOptions;
    moved = true;
  }
  const footer = options?.footer;
  if (options && isJsonObject(footer) && 'show' in footer) {
    delete options.footer;
    if (footer.show === true && Array.isArray(footer.reducer) && custom.footer === undefined) {
      const countAll = footer.countRows === true && footer.reducer[0] === 'count';
      custom.footer = { reducers: countAll ? ['countAll'] : footer.reducer };
    }
    moved = true;
  }
  if (!moved) return panel;
  if (isJsonObject(custom.cellOptions) && Object.keys(custom.cellOptions).length === 0) delete custom.cellOptions;
  const out: JsonObject = { ...panel, fieldConfig: { ...fieldConfig, defaults: { ...defaults, custom } } };
  if (options) out.options = options;
  return out;
}

function normaliseFieldConfig(fieldConfig: JsonValue | undefined): JsonValue | undefined {
  if (!isJsonObject(fieldConfig)) return fieldConfig;
  const out: JsonObject = { ...fieldConfig };
  if (isJsonObject(out.defaults)) {
    // `mappings: []` and `links: []` are what the field config editor writes for "none".
    const defaults = stripDefaults(out.defaults, { mappings: [], links: [], custom: {} });
    if (defaults.thresholds !== undefined) defaults.thresholds = normaliseThresholds(defaults.thresholds)!;
    out.defaults = defaults;
  }
  // The same rule holds for thresholds set by an override.
  const overrides = out.overrides;
  if (Array.isArray(overrides) && overrides.some((o) => isJsonObject(o) && Array.isArray(o.properties) && o.properties.some((p) => isJsonObject(p) && p.id === 'thresholds'))) {
    out.overrides = overrides.map((o) => !isJsonObject(o) || !Array.isArray(o.properties) ? o : {
      ...o,
      properties: o.properties.map((p) => isJsonObject(p) && p.id === 'thresholds' ? { ...p, value: normaliseThresholds(p.value)! } : p),
    });
  }
  return stripDefaults(out, { defaults: {}, overrides: [] });
}

function isRepeatClone(panel: JsonObject): boolean {
  // DashboardMigrator.removeRepeatedPanels: clones carry repeatPanelId (or repeatByRow on old row clones).
  return (panel.repeatPanelId !== undefined && panel.repeatPanelId !== null) || panel.repeatByRow === true
    || (panel.type === 'row' && typeof panel.repeatIteration === 'number');
}

function normalisePanel(panel: JsonObject): JsonObject {
  if (isJsonObject(panel.libraryPanel)) {
    // A library panel's model lives in the library; the dashboard holds a reference (the Terraform provider's
    // NormalizeDashboardConfigJSON keeps only libraryPanel name and uid for the same reason).
    const ref: JsonObject = {};
    if (panel.libraryPanel.uid !== undefined) ref.uid = panel.libraryPanel.uid;
    if (panel.libraryPanel.name !== undefined) ref.name = panel.libraryPanel.name;
    const out: JsonObject = { gridPos: gridPosOf(panel), libraryPanel: ref };
    if (panel.id !== undefined) out.id = panel.id;
    const title = typeof panel.title === 'string' && panel.title !== '' ? panel.title : ref.name;
    if (title !== undefined) out.title = title;
    return out;
  }
  let out = stripDefaults(omitKeys(moveLegacyTableOptions(panel), PANEL_NOT_PERSISTED), PANEL_DEFAULTS);
  // A row runs no query: the `grafana` datasource and dummy `refId: A` query older saves gave rows mean nothing
  // (Grafana 12 saves rows without them).
  if (out.type === 'row') out = omitKeys(out, ['datasource', 'targets']);
  out.gridPos = gridPosOf(panel);
  const ds = normaliseDatasourceRef(out.datasource);
  if (ds === undefined) out = omitKeys(out, ['datasource']);
  else out.datasource = ds;
  if (Array.isArray(out.targets)) {
    const targets = out.targets.map((t) => normaliseTarget(t, ds));
    // Queries are identified by refId; their order in the array carries no meaning.
    targets.sort((a, b) => refIdOf(a).localeCompare(refIdOf(b)));
    out.targets = targets;
  }
  const fieldConfig = normaliseFieldConfig(out.fieldConfig);
  if (fieldConfig === undefined || isEmptyContainer(fieldConfig)) out = omitKeys(out, ['fieldConfig']);
  else out.fieldConfig = fieldConfig;
  if (out.type === 'row') {
    if (out.collapsed === false) out = omitKeys(out, ['collapsed']);
    const children = Array.isArray(out.panels) ? out.panels.filter(isJsonObject).filter((p) => !isRepeatClone(p)) : [];
    if (children.length === 0) out = omitKeys(out, ['panels']);
    else out.panels = sortPanels(children.map(normalisePanel));
  }
  if (out.repeat === '' || out.repeat === null) out = omitKeys(out, ['repeat', 'repeatDirection', 'maxPerRow']);
  return out;
}

function refIdOf(target: JsonValue): string {
  return isJsonObject(target) && typeof target.refId === 'string' ? target.refId : '';
}

/** Grafana sorts panels by position on save (DashboardModel.sortPanelsByGridPos): top to bottom, left to right. */
function sortPanels(panels: JsonObject[]): JsonObject[] {
  return panels.sort((a, b) => {
    const pa = a.gridPos as JsonObject;
    const pb = b.gridPos as JsonObject;
    return (pa.y as number) - (pb.y as number) || (pa.x as number) - (pb.x as number)
      || Number(a.id ?? 0) - Number(b.id ?? 0);
  });
}

function normaliseVariable(variable: JsonValue): JsonValue {
  if (!isJsonObject(variable)) return variable;
  let out = stripDefaults(omitKeys(variable, [...VARIABLE_STATE, ...VARIABLE_DEPRECATED]), VARIABLE_DEFAULTS);
  if ('datasource' in out) {
    const ds = normaliseDatasourceRef(out.datasource);
    if (ds === undefined) out = omitKeys(out, ['datasource']);
    else out.datasource = ds;
  }
  return out;
}

function normaliseAnnotation(annotation: JsonValue): JsonValue {
  if (!isJsonObject(annotation)) return annotation;
  const out = { ...annotation };
  const ds = normaliseDatasourceRef(out.datasource);
  if (ds === undefined) delete out.datasource;
  else out.datasource = ds;
  return out;
}

function normaliseList(container: JsonValue | undefined, item: (v: JsonValue) => JsonValue, keep: (v: JsonValue) => boolean): JsonObject {
  const list = isJsonObject(container) && Array.isArray(container.list) ? container.list : [];
  return { list: list.filter(keep).map(item) };
}

/** Unwraps `{dashboard, meta}` (GET /api/dashboards/uid) and `{spec}` (app-platform) envelopes. */
export function dashboardModelOf(input: unknown): JsonObject {
  if (!isJsonObject(input)) throw new TypeError('a dashboard must be a JSON object');
  if (isJsonObject(input.dashboard) && (isJsonObject(input.meta) || Object.keys(input).length <= 3)) return input.dashboard;
  if (isJsonObject(input.spec) && typeof input.kind === 'string') return input.spec;
  return input;
}

/**
 * The canonical form of a dashboard: sorted keys, NFC strings, no server-owned fields, no defaults Grafana adds,
 * legacy `rows[]` converted to grid panels, repeat clones removed, library panels reduced to their reference,
 * panels ordered by position, queries by refId. `schemaVersion` and `pluginVersion` are kept: the diff engine
 * reports them as one "migrated by a newer Grafana" line.
 */
export function normaliseDashboard(input: unknown): JsonObject {
  let d = canonicalJson(dashboardModelOf(input) as JsonValue) as JsonObject;
  d = stripDefaults(omitKeys(d, SERVER_FIELDS), DASHBOARD_DEFAULTS);
  if (d.refresh === false) delete d.refresh; // `false` is the old spelling of "off" (DashboardModel: refresh ?? '')
  if (isJsonObject(d.timepicker)) {
    const timepicker = stripDefaults(d.timepicker, DEFAULT_TIMEPICKER);
    if (isEmptyContainer(timepicker)) delete d.timepicker;
    else d.timepicker = timepicker;
  }
  let panels: JsonObject[] = Array.isArray(d.panels) ? d.panels.filter(isJsonObject) : [];
  if (Array.isArray(d.rows)) {
    if (panels.length === 0) panels = legacyRowsToPanels(d.rows);
    delete d.rows;
  }
  panels = sortPanels(panels.filter((p) => !isRepeatClone(p)).map(normalisePanel));
  if (panels.length > 0) d.panels = panels;
  else delete d.panels;
  d.templating = normaliseList(d.templating, normaliseVariable, () => true);
  d.annotations = normaliseList(d.annotations, normaliseAnnotation, (a) => !(isJsonObject(a) && isDefaultBuiltInAnnotation(a)));
  // The steps above insert a few keys out of order; put them back without copying what is already sorted.
  return resortKeys(d) as JsonObject;
}
