import { definitionError } from '../definitions/definition-error.js';
import { diffRuleGroups } from '../diff/index.js';
import type { JsonObject, JsonValue, Live, Marker, ProjectDefinition, Resource, RuleGroupDefinition } from '../model/index.js';
import { isJsonObject, normaliseRuleGroup } from '../normalise/index.js';
import { secondsToDuration } from '../render/durations.js';
import { escapeInterpolated, escapeStrings, unescapeInterpolated, unescapeStrings } from '../render/file-interpolation.js';
import { HASH_ANNOTATION, listAlertRules, OWNER_LABEL } from './alert-rule-list.js';
import { bindUid, unbind } from './marker.js';
import { declaredFolder } from './folder.js';
import type { DesiredContext, HandlerContext, KindApiCall, KindHandler, Listed, ParseContext, SpecOf } from './kind-handler.js';
import { hasStatus, safetyFor, seg } from './http.js';
import { fieldIssues } from './shape.js';

/**
 * Alert rule groups: `/api/v1/provisioning/folder/:folderUid/rule-groups/:group` (grafana-http-api.md 6.1-6.4).
 * A PUT replaces the whole group (rules missing from it are deleted) and echoes the request, so uids Grafana
 * generates are learnt by reading the group back.
 * Marker: the label `managed_by=<owner>` on every rule (labels are stored verbatim; our policy route matches it) and
 * the annotation `k2_grafana_hash=<hash of the group>`.
 * Provenance: `api` by default, so the rules are locked in the UI; `provenance: ''` sends `X-Disable-Provenance`
 * (only the header's presence counts, 6.4), and the group endpoint may move a group between the two.
 * Files: `alerting/rule-groups.yaml`, section `groups` (12.2), which names the folder by title where the API names it
 * by uid: reading the file back maps the title to the uid through the dashboard providers (`providers`), which name
 * both. Prometheus rule files share the `groups:` shape and are left to others (kept whole as files).
 */
export interface RuleGroupSpec {
  readonly title: string;
  readonly folderUid: string;
  readonly interval: number | string;
  readonly rules: readonly JsonObject[];
}

function stringMap(value: unknown): Record<string, string> {
  return isJsonObject(value) ? (value as Record<string, string>) : {};
}

/**
 * The group without our label and annotation, plus the marker its rules carried (one owner and hash for all), and
 * each rule's owner (`rules`): a rule whose annotation was bound to another uid is a copy (a rule a user duplicated
 * keeps our label and annotation), so not ours, and a group holding it is not ours either.
 */
export function splitRuleGroupMarker(group: RuleGroupSpec): { spec: RuleGroupSpec; marker?: Marker; rules: { title: string; uid: string; owner?: string }[] } {
  const owners = new Set<string | undefined>();
  const hashes = new Set<string | undefined>();
  let unbound = false;
  const ruleOwners: { title: string; uid: string; owner?: string }[] = [];
  const rules = group.rules.map((rule) => {
    const labels = { ...stringMap(rule.labels) };
    const annotations = { ...stringMap(rule.annotations) };
    const value = annotations[HASH_ANNOTATION];
    const bound = value === undefined ? undefined : unbind(value);
    const copy = bound?.uid !== undefined && bound.uid !== String(rule.uid ?? '');
    const owner = copy ? undefined : labels[OWNER_LABEL];
    if (owner !== undefined && bound?.uid === undefined) unbound = true;
    owners.add(owner);
    ruleOwners.push({ title: String(rule.title ?? ''), uid: String(rule.uid ?? ''), ...(owner ? { owner } : {}) });
    hashes.add(hashOfAnnotation(bound?.hash));
    delete labels[OWNER_LABEL];
    delete annotations[HASH_ANNOTATION];
    return { ...rule, labels, annotations };
  });
  const spec = { ...group, rules };
  const [owner] = owners;
  if (owners.size !== 1 || owner === undefined) return { spec, rules: ruleOwners };
  const [hash] = hashes;
  return { spec, marker: { owner, hash: hashes.size === 1 ? hash : undefined, ...(unbound ? { unbound: true } : {}) }, rules: ruleOwners };
}

/**
 * The hash annotation's value: the hash, then the provenance the group is written with (`<hash>/api`,
 * `<hash>/none`). Grafana sets provenance only on rules whose content changed (grafana-http-api.md 14.1), so a
 * provenance-only change (`--editable-rules` on or off) must change the content to take effect; carried here, it
 * does, once. A value without the suffix (written by an earlier version) is the hash alone.
 */
function annotationValue(marker: Marker, provenance: string | undefined): string {
  return `${marker.hash ?? ''}/${provenance === '' ? 'none' : (provenance ?? 'api')}`;
}

function hashOfAnnotation(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.split('/')[0];
}

function withMarker(group: RuleGroupSpec, marker: Marker, provenance?: string): RuleGroupSpec {
  return {
    ...group,
    rules: group.rules.map((rule) => ({
      ...rule,
      folderUID: group.folderUid,
      ruleGroup: group.title,
      labels: { ...stringMap(rule.labels), [OWNER_LABEL]: marker.owner },
      // Bound to the rule's uid when the definition fixes it (a generated one is not known before the write).
      annotations: { ...stringMap(rule.annotations), [HASH_ANNOTATION]: rule.uid ? bindUid(annotationValue(marker, provenance), String(rule.uid)) : annotationValue(marker, provenance) },
      ...(Array.isArray(rule.data) ? { data: rule.data.map(withPreSaveDefaults) } : {}),
    })),
  };
}

/**
 * The query model as Grafana stores it: `AlertQuery.PreSave` writes intervalMs/maxDataPoints, and the group PUT
 * compares each model as JSON (grafana-http-api.md 14.1), so a body without them makes every rule of the group
 * "changed" (a new version each) even when only one rule was. The normaliser drops them again.
 */
function withPreSaveDefaults(query: JsonValue): JsonValue {
  if (!isJsonObject(query) || !isJsonObject(query.model)) return query;
  return { ...query, model: { ...query.model, intervalMs: query.model.intervalMs ?? 1000, maxDataPoints: query.model.maxDataPoints ?? 43200 } };
}

const path = (folderUid: string, title: string): string => `/api/v1/provisioning/folder/${seg(folderUid)}/rule-groups/${seg(title)}`;
const subject = (spec: RuleGroupSpec): string => `alert rule group "${spec.title}" in folder ${spec.folderUid}`;
const keyOf = (folderUid: string, title: string): string => `${folderUid}/${title}`;

function splitKey(key: string): { folderUid: string; title: string } {
  const slash = key.indexOf('/');
  return { folderUid: key.slice(0, slash), title: key.slice(slash + 1) };
}

/** X-Disable-Provenance when the group must stay editable in the UI. */
function headers(provenance: string | undefined): Record<string, string> | undefined {
  return provenance === '' ? { 'X-Disable-Provenance': 'true' } : undefined;
}

async function put(ctx: HandlerContext, desired: Resource<RuleGroupSpec>, marker: Marker): Promise<void> {
  const spec = desired.spec;
  const to = path(spec.folderUid, spec.title);
  await ctx.client.put(to, withMarker(spec, marker, desired.provenance), { headers: headers(desired.provenance), subject: subject(spec), signal: ctx.signal, ...safetyFor(api, 'PUT', to) });
  if (spec.rules.some((rule) => !rule.uid)) {
    // The PUT echoes the request, not the stored group: read it back for the uids Grafana generated (6.2).
    await ctx.client.get(path(spec.folderUid, spec.title), { signal: ctx.signal });
  }
}

const api: readonly KindApiCall[] = [
  { method: 'PUT', path: '/api/v1/provisioning/folder/:uid/rule-groups/:group', safety: 'idempotent', why: 'full replace of the group' },
  { method: 'DELETE', path: '/api/v1/provisioning/folder/:uid/rule-groups/:group', safety: 'idempotent', why: 'a repeat finds nothing (404 counts as done)' },
];

function specOf(group: JsonObject, folderUid: string): RuleGroupSpec {
  return {
    title: String(group.title ?? group.name ?? ''),
    folderUid,
    interval: typeof group.interval === 'number' || typeof group.interval === 'string' ? group.interval : 60,
    rules: Array.isArray(group.rules) ? group.rules.filter(isJsonObject) : [],
  };
}

function specs(entries: readonly RuleGroupDefinition[], ctx: DesiredContext): SpecOf<RuleGroupSpec>[] {
  return entries.map((g) => ({ source: g.source, spec: specOf(g.group, String(g.group.folderUid ?? '')), provenance: ctx.editableRules ? '' : 'api' }));
}

/** Server-filled fields of an API rule that the file format does not take (the group carries folder and org). */
const RULE_API_ONLY = new Set(['id', 'orgID', 'folderUID', 'ruleGroup', 'updated', 'provenance']);

/**
 * Rule keys the API (ProvisionedAlertRule, 6.1) and the file format spell differently: Grafana's file reader
 * (pkg/services/provisioning/alerting/rules_types.go `AlertRuleV1`) knows only `keepFiringFor` and
 * `missing_series_evals_to_resolve`, and takes the dashboard link as `dashboardUid`/`panelId` fields where the API
 * carries the annotations `__dashboardUid__`/`__panelId__`. A key written in the API's spelling would be dropped.
 */
const API_TO_FILE_KEYS: Readonly<Record<string, string>> = { keep_firing_for: 'keepFiringFor', missingSeriesEvalsToResolve: 'missing_series_evals_to_resolve' };
const FILE_TO_API_KEYS: Readonly<Record<string, string>> = { keepFiringFor: 'keep_firing_for', missing_series_evals_to_resolve: 'missingSeriesEvalsToResolve', dasboardUid: 'dashboardUid' };
const DASHBOARD_UID_ANNOTATION = '__dashboardUid__';
const PANEL_ID_ANNOTATION = '__panelId__';

/** An API-shaped rule in the file format's spelling. */
function fileRule(rule: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(rule)) if (!RULE_API_ONLY.has(key)) out[API_TO_FILE_KEYS[key] ?? key] = value;
  const annotations = isJsonObject(rule.annotations) ? { ...rule.annotations } : undefined;
  if (annotations && typeof annotations[DASHBOARD_UID_ANNOTATION] === 'string') {
    out.dashboardUid = annotations[DASHBOARD_UID_ANNOTATION];
    const panel = Number(annotations[PANEL_ID_ANNOTATION]);
    if (Number.isInteger(panel)) out.panelId = panel;
    delete annotations[DASHBOARD_UID_ANNOTATION];
    delete annotations[PANEL_ID_ANNOTATION];
    out.annotations = annotations;
  }
  return out;
}

/** A file-format rule in the API's spelling (the reverse of fileRule), so review compares what plan compares. */
function apiRule(rule: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(rule)) out[FILE_TO_API_KEYS[key] ?? key] = value;
  const dashboardUid = out.dashboardUid;
  const panelId = out.panelId;
  delete out.dashboardUid;
  delete out.panelId;
  if (typeof dashboardUid === 'string' && dashboardUid !== '') {
    out.annotations = { ...(isJsonObject(out.annotations) ? out.annotations : {}), [DASHBOARD_UID_ANNOTATION]: dashboardUid, [PANEL_ID_ANNOTATION]: String(panelId ?? 0) };
  }
  return out;
}

function fileEntry(project: ProjectDefinition, definition: RuleGroupDefinition): JsonObject {
  const group = definition.group;
  const where = [definition.source, `rule group "${String(group.title)}"`];
  const folder = declaredFolder(project, String(group.folderUid), where);
  if (typeof group.interval !== 'number') throw definitionError(where, 'has no interval in seconds', 'Set the group interval (a multiple of 10 s).');
  const rules = (group.rules as JsonObject[] | undefined) ?? [];
  return {
    orgId: 1, name: escapeInterpolated(String(group.title)), folder: escapeInterpolated(folder.title), interval: secondsToDuration(group.interval),
    rules: rules.map((rule) => fileInterpolation(fileRule(rule), escapeStrings)),
  };
}

/**
 * Which rule fields Grafana's file reader expands environment variables in (src/render/file-interpolation.ts):
 * grafana/grafana pkg/services/provisioning/alerting/rules_types.go (commit 9ff3317d34d219acd5a597934ac1c31914ba1f50)
 * `AlertRuleV1.mapToModel` reads every field through `.Value()` (uid, title, condition, for, keepFiringFor, labels,
 * noDataState, execErrState, dashboardUid, panelId, isPaused, notification_settings, record) except the annotations,
 * taken from `.Raw` since Grafana 9.1 (grafana/grafana#54975, so `{{ $labels.x }}` survives; at commit
 * 0085cf867127ce5bf3217356bdd75f7fb04a4da9 `ValueWithBracedVars` expands `${NAME}` there and leaves `$labels`), and
 * `QueryV1.mapToModel`, which takes the model from `.Raw` ("as Value would try to interpolate macros like
 * `$__timeFilter`"); refId, queryType and datasourceUid are `.Value()`, relativeTimeRange a plain struct. So those
 * three are written as they are, everything else escaped. Grafana's own export does the same
 * (pkg/services/ngalert/api/api_provisioning.go `escapeRuleGroup`).
 */
const RULE_VERBATIM = new Set(['annotations', 'data']);
const QUERY_VERBATIM = new Set(['model', 'relativeTimeRange']);

function fileInterpolation(rule: JsonObject, map: <T extends JsonValue>(value: T) => T): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(rule)) out[key] = RULE_VERBATIM.has(key) ? value : map(value);
  if (Array.isArray(rule.data)) {
    out.data = rule.data.map((query) => (isJsonObject(query)
      ? Object.fromEntries(Object.entries(query).map(([key, value]) => [key, QUERY_VERBATIM.has(key) ? value : map(value)]))
      : query));
  }
  return out;
}

function isPrometheusGroup(group: JsonObject): boolean {
  const rules = Array.isArray(group.rules) ? group.rules.filter(isJsonObject) : [];
  return group.folder === undefined && group.folderUid === undefined && rules.length > 0
    && rules.every((r) => typeof r.expr === 'string' && (typeof r.alert === 'string' || typeof r.record === 'string'));
}

function parse(doc: JsonObject, file: string, ctx: ParseContext): SpecOf<RuleGroupSpec>[] {
  const groups = Array.isArray(doc.groups) ? doc.groups.filter(isJsonObject).filter((g) => !isPrometheusGroup(g)) : [];
  if (groups.length === 0) return [];
  const uidOf = new Map(ctx.entries('providers').filter((p) => typeof p.folder === 'string' && typeof p.folderUid === 'string').map((p) => [String(p.folder), String(p.folderUid)]));
  return groups.map((group) => {
    // Provider and group name the folder as written (both escaped alike): matched before unescaping.
    const folder = typeof group.folderUid === 'string' ? group.folderUid : String(group.folder ?? '');
    const spec = specOf(group, unescapeInterpolated(uidOf.get(folder) ?? folder));
    return { source: file, spec: { ...spec, title: unescapeInterpolated(spec.title), rules: spec.rules.map((rule) => apiRule(fileInterpolation(rule, unescapeStrings))) } };
  });
}

export const ruleGroup: KindHandler<RuleGroupSpec> & { readonly kind: 'rule-group' } = {
  kind: 'rule-group' as const,
  dependsOn: ['folder', 'datasource'],
  writes: 'parallel',
  listsAll: true,
  ownership: 'marker',
  api,
  definitions: {
    field: 'ruleGroups',
    shapeIssues: (entry, path) => {
      const issues = fieldIssues(entry, path, [{ field: 'source', type: 'string' }, { field: 'group', type: 'object' }]);
      if (issues.length > 0) return issues;
      return fieldIssues((entry as { group: unknown }).group, `${path}.group`, [
        { field: 'title', type: 'non-empty string' }, { field: 'folderUid', type: 'non-empty string' },
        { field: 'interval', type: 'number or string', optional: true }, { field: 'rules', type: 'array' },
      ]);
    },
    specs,
  },
  files: {
    section: 'groups',
    render: (project) => ((project.ruleGroups ?? []).length === 0 ? [] : [['alerting/rule-groups.yaml', { apiVersion: 1, groups: (project.ruleGroups ?? []).map((d) => fileEntry(project, d)) }] as const]),
    parse,
  },

  key: (spec) => keyOf(spec.folderUid, spec.title),
  title: (spec) => spec.title,
  requires: (spec) => [{ kind: 'folder', key: spec.folderUid }],

  normalise(spec, peer?: RuleGroupSpec) {
    // Rules defined without a uid get one from Grafana (6.2): compare those by title, ignoring the generated uid.
    const uidless = new Set((peer?.rules ?? []).filter((r) => !r.uid).map((r) => String(r.title ?? '')));
    const rules = spec.rules.map((r) => (r.uid && uidless.has(String(r.title ?? '')) ? { ...r, uid: '' } : r));
    return normaliseRuleGroup({ title: spec.title, folderUid: spec.folderUid, interval: spec.interval, rules });
  },
  changes: (before, after, object) => diffRuleGroups(before, after, { key: object.key }),

  async list(ctx): Promise<Listed<RuleGroupSpec>[]> {
    const groups = new Map<string, { title: string; owners: Set<string | undefined>; provenance: string }>();
    for (const rule of await listAlertRules(ctx)) {
      const key = keyOf(rule.folderUid, rule.group);
      const group = groups.get(key) ?? { title: rule.group, owners: new Set<string | undefined>(), provenance: rule.provenance };
      group.owners.add(rule.owner);
      groups.set(key, group);
    }
    return [...groups].map(([key, group]) => {
      const [owner] = group.owners;
      return { key, title: group.title, provenance: group.provenance, marker: group.owners.size === 1 && owner ? { owner } : undefined };
    });
  },

  async read(ctx, key, listed): Promise<Live<RuleGroupSpec> | undefined> {
    const { folderUid, title } = splitKey(key);
    let group: JsonObject | undefined;
    try {
      group = await ctx.client.get<JsonObject>(path(folderUid, title), { signal: ctx.signal });
    } catch (error) {
      // A missing group is a 404; a missing folder may also be reported as 400/404 depending on the version.
      if (hasStatus(error, 404)) return undefined;
      throw error;
    }
    if (!isJsonObject(group)) return undefined;
    const raw: RuleGroupSpec = {
      title: String(group.title ?? title),
      folderUid: String(group.folderUid ?? folderUid),
      interval: typeof group.interval === 'number' || typeof group.interval === 'string' ? group.interval : 60,
      rules: Array.isArray(group.rules) ? group.rules.filter(isJsonObject) : [],
    };
    const { spec, marker, rules } = splitRuleGroupMarker(raw);
    // A group mixing our rules with others': its rules are its contents, so plan can say which are not ours.
    const mixed = new Set(rules.map((r) => r.owner)).size > 1;
    const contents = mixed ? rules.map((r) => ({ kind: 'alert-rule', key: r.uid, title: r.title, ...(r.owner ? { owner: r.owner } : {}) })) : undefined;
    // The group GET leaves provenance empty (6.2); the rule list carries it.
    return { kind: 'rule-group', key, title: spec.title, spec, marker, provenance: listed?.provenance ?? '', ...(contents ? { contents } : {}) };
  },

  create: (ctx, desired, marker) => put(ctx, desired, marker),
  update: (ctx, desired, _live, marker) => put(ctx, desired, marker),

  async remove(ctx, live): Promise<void> {
    try {
      await ctx.client.delete(path(live.spec.folderUid, live.spec.title), {
        headers: headers(live.provenance), subject: subject(live.spec), signal: ctx.signal,
      });
    } catch (error) {
      if (!hasStatus(error, 404)) throw error;
    }
  },
};
