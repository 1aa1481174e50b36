/**
 * Public surface of src/normalise (re-exported by src/index.ts): the normalisers the kinds (src/kinds) compare with,
 * used on what we generate and on what Grafana returns, so an unchanged object compares equal.
 *
 * - `normaliseDashboard(json)`: dashboard JSON (bare, or the `{dashboard, meta}` GET envelope) -> canonical form.
 * - `normaliseRuleGroup(json)`: alert rule group (API, SDK or file/export shape) -> canonical form.
 * - Helpers other kinds reuse: `canonicalJson` (sorted keys, NFC strings, deep copy), `stableStringify`,
 *   `jsonEqual`, `omitKeys`, `stripDefaults`, `normaliseDatasourceRef`, durations.
 * All are pure: they copy, never mutate their input, and are idempotent.
 */
export { normaliseDashboard, dashboardModelOf } from './normalise-dashboard.js';
export { normaliseRuleGroup, ruleGroupsEqual } from './normalise-rule-group.js';
export { canonicalJson, resortKeys, stableStringify, jsonEqual, omitKeys, stripDefaults, isJsonObject, isEmptyContainer } from './json.js';
export { normaliseDatasourceRef } from './datasource-ref.js';
export { parseDurationMs, formatDurationMs, canonicalDuration } from './duration.js';
export { legacyRowsToPanels } from './legacy-rows.js';
