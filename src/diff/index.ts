/**
 * Public surface of src/diff (re-exported by src/index.ts): the semantic diff engine. Two objects in, a list of typed
 * `Change`s out. Plan uses it for its reasons; the `diff` command and PR reports are built on it.
 *
 * ```ts
 * diffDashboards(before, after, { key? }): Change[]      // raw or normalised dashboards; both are normalised first
 * compareDashboards(before, after): DashboardComparison  // the same changes + the panel pairing (for pictures)
 * diffRuleGroups(before, after, { key? }): Change[]      // API, SDK or file/export group shapes
 * diffObjects(kind, before, after, { key?, title? })     // any kind; either side undefined = added / removed
 * ```
 * Each `Change` is data: `kind` (see ChangeKind), `object` {kind, key, title}, `panel` {key, id, title, beforeKey?}
 * or `rule` {uid, title}, `ref` (refId, variable / annotation name, label key), `path`, `before`, `after`, `summary`.
 * An empty list means "no change": the two sides are equal once normalised.
 *
 * Dashboards: panels are paired by id (and title); by title when ids were re-assigned (one `panel-rekeyed` change
 * each, then the panel's real changes); by id when retitled. Only where an id is shared by two panels (hand-made and
 * mixin dashboards), those panels pair by row and title, then by place within the row: this refines DESIGN's "match
 * by key", since a shared id names no one panel. Summaries name panels by title, adding the id when two share a title
 * (a library panel with none: id and library uid); they never show the internal pairing key (`78#2`). Per panel: added / removed / moved (x, y or row) /
 * resized / retitled / type changed; queries by refId (`query-*`, PromQL before -> after); field config
 * (thresholds and mappings as whole values; unit, min, max, custom.* per leaf); options; anything else. Variables and
 * annotations by name; settings (title, refresh, time, tags, ...). When a newer Grafana re-saved the dashboard
 * (schemaVersion or panel pluginVersion changed), the defaults it filled in (added options / fieldConfig / query
 * fields, pluginVersion) fold into ONE `migrated` change ("migrated by a newer Grafana: schemaVersion 39 -> 42,
 * N defaults"); real edits (changed values, query text, added or removed panels and queries) are still listed.
 * Rule groups: rules by uid; condition, queries (threshold / math expressions as `rule-threshold-changed`), `for`,
 * labels and annotations per key, noData / execErr states and pause, group interval.
 */
export type { Change, ChangeKind, ChangeObject, ChangePanel, ChangeRule } from './change.js';
export { showValue, showChange, describeLeaf } from './change.js';
export { diffDashboards, compareDashboards, type DashboardComparison, type PanelMatch, type PanelStatus, type DiffDashboardsOptions } from './diff-dashboards.js';
export { diffRuleGroups, type DiffRuleGroupsOptions } from './diff-rule-groups.js';
export { diffObjects, type DiffObjectsOptions } from './diff-objects.js';
export { flattenPanels, type FlatPanel } from './flat-panels.js';
export { leafDiff, type LeafChange } from './leaf-diff.js';
