import { formatTypeScript } from '../format.js';
import { createHash } from 'node:crypto';
import { isAbsolute, normalize } from 'node:path/posix';
import { InternalError } from '../../errors.js';
import { envReference } from '../../kinds/contact-point.js';
import type { SpecOf } from '../../kinds/kind-handler.js';
import { defaultRegistry, type Registry } from '../../kinds/registry.js';
import type { FolderDefinition, JsonObject, ProjectDefinition } from '../../model/index.js';
import { isJsonObject } from '../../normalise/index.js';
import { unescapeInterpolated, unescapeStrings } from '../../render/file-interpolation.js';
import type { GeneratedFile, ImportedObject, ImportResult, IndexEntry, InexactItem, RefusedInput, RequestedChange } from '../import-result.js';
import { ModuleCode, lit, textLiteral } from './code.js';
import { contactPointCode, routeCode } from './emit-notifications.js';
import { intervalSeconds, ruleGroupCode } from './emit-rule-group.js';
import { fileNameFor, identifierFor, secretVariableFor, UniqueNames } from '../names.js';
import { convertPrometheusGroup, type PrometheusConversion } from './prometheus-rules.js';
import { GRAFANA_DELETE_SECTIONS, notAlertingReason, recogniseAlerting, type AlertingInput } from './recognise.js';
import { differences, IMPORT_OWNER, loadGeneratedProject, objectsOf, parseContext, regenerate, yamlDocuments } from './round-trip.js';
import { secretSettingKeys } from './secrets.js';

export { recogniseAlerting, parseAlertingFile, type AlertingInput } from './recognise.js';
export { importAlertingLive } from './live.js';
export type { PrometheusConversion } from './prometheus-rules.js';

export interface AlertingImportOptions {
  /** Folder the modules are written to, relative to the project root. @default `<importedDir>/alerting` */
  readonly outDir?: string;
  /** The import command's folder (where its generated index lives), relative to the project root. */
  readonly importedDir?: string;
  /** The project root (the import command's `rootDir`); paths in the result are relative to it. */
  readonly rootDir?: string;
  /**
   * Module the generated code imports the definition helpers from: a package specifier, or a path from the project
   * root (`/src/definitions/entry.ts`) imported relatively from each module. @default 'k2-grafana/definitions'
   */
  readonly definitionsImport?: string;
  /** `prometheus-rules`: convert Prometheus rule files (`--from prometheus-rules`); without it they are refused. */
  readonly from?: 'prometheus-rules';
  /** Datasource and folder converted Prometheus rules use (required with `from: 'prometheus-rules'`). */
  readonly prometheus?: PrometheusConversion;
  /** The project's definitions as they are: their keys are collisions, their folders are reused by title. */
  readonly project?: ProjectDefinition;
  /** Replace objects whose key the project already defines, instead of refusing the input. */
  readonly overwrite?: boolean;
  /** Root receiver generate writes for the policy tree. @default 'grafana-default-email' */
  readonly rootReceiver?: string;
  /** @default defaultRegistry */
  readonly registry?: Registry;
}

/** What `generate` writes as the root of the policy tree (src/kinds/policy.ts): the root an import keeps exactly. */
const GENERATED_ROOT_GROUP_BY = ['grafana_folder', 'alertname'];

/** What the round trip compares for an object: its kind's key in the regenerated files and the original spec. */
interface Comparison {
  readonly kind: string;
  readonly key: string;
  /** The original, in the shape the kind's `files.parse` gives. */
  readonly original: unknown;
  readonly secretSettings?: readonly string[];
  /** Policy routes: which route of the tree this object is (differences under `routes[i]` are its). */
  readonly route?: number;
}

/** One module ready to be written, the objects it defines, and what its index entries register. */
interface Planned {
  readonly objects: { object: ImportedObject; compare?: Comparison }[];
  readonly file: { path: string; header: string; code: ModuleCode; body: string };
  readonly entries: IndexEntry[];
}

function folderUidFor(title: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32);
  return slug !== '' ? slug : `folder-${createHash('sha256').update(title).digest('hex').slice(0, 12)}`;
}

/** A comment line safe in a block comment. */
const comment = (text: string): string => text.replace(/\*\//g, '*\\/');

/** What Grafana's file reader refuses in a rule (rules_types.go mapToModel) and the SDK's RuleBuilder cannot take. */
function ruleProblem(rule: JsonObject, index: number, group: string): { reason: string; hint: string } | undefined {
  const title = typeof rule.title === 'string' ? rule.title : '';
  const uid = typeof rule.uid === 'string' ? rule.uid : '';
  const where = `rule group "${group}", rule ${index + 1}${title ? ` "${title}"` : ''}`;
  if (title === '' || title.length > 190) return { reason: `${where}: ${title === '' ? 'has no title' : 'has a title longer than 190 characters'}`, hint: 'Grafana refuses it too ("rule has no title set"): give it a title of 1 to 190 characters.' };
  if (uid === '' || uid.length > 40) return { reason: `${where}: ${uid === '' ? 'has no uid' : `uid "${uid}" is longer than 40 characters`}`, hint: 'Grafana\'s file provisioning needs a uid of 1 to 40 characters ("no UID set"): give the rule one.' };
  if (!Array.isArray(rule.data) || rule.data.length === 0) return { reason: `${where}: has no queries (data)`, hint: 'Grafana refuses it too ("no data set"): add the query and expressions.' };
  return undefined;
}

/** Keys the project defines already, by kind, with the source that defines each. */
function existingKeys(project: ProjectDefinition | undefined, registry: Registry): Map<string, string> {
  const out = new Map<string, string>();
  if (!project) return out;
  for (const handler of registry.handlers.values()) {
    const entries = project[handler.definitions.field];
    if (!Array.isArray(entries) || entries.length === 0) continue;
    for (const spec of handler.definitions.specs(entries, { owner: IMPORT_OWNER, editableRules: false }) as SpecOf<unknown>[]) {
      out.set(`${handler.kind}\u0000${handler.key(spec.spec)}`, spec.source ?? handler.definitions.field);
    }
  }
  for (const { source, group } of project.ruleGroups ?? []) {
    for (const rule of Array.isArray(group.rules) ? group.rules.filter(isJsonObject) : []) if (typeof rule.uid === 'string') out.set(`rule\u0000${rule.uid}`, source);
  }
  return out;
}

const KIND_WORDS: Readonly<Record<string, string>> = {
  'rule-group': 'rule group', 'contact-point': 'contact point', policy: 'notification policy tree', 'mute-timing': 'mute timing',
  'notification-template': 'notification template', rule: 'alert rule uid', folder: 'folder',
};

/**
 * Grafana alerting (rule groups, contact points, the policy tree, mute timings, templates) from file-provisioning or
 * export documents, or converted Prometheus rule files, as TypeScript modules written with the SDK's builders and
 * this package's definition helpers, each checked by regenerating it: `generate` of the generated modules must give
 * objects that the kind's normaliser makes equal to the original's. Secrets become `$VAR` references and are never
 * written. Nothing is written here: the result holds the files; any refused input means the command writes none.
 */
export async function importAlerting(inputs: readonly AlertingInput[], options: AlertingImportOptions): Promise<ImportResult> {
  const registry = options.registry ?? defaultRegistry;
  const definitions = options.definitionsImport ?? 'k2-grafana/definitions';
  const given = options.outDir ?? (options.importedDir !== undefined ? `${options.importedDir}/alerting` : 'imported/alerting');
  const outDir = normalize(given).replace(/\/+$/, '');
  const refused: RefusedInput[] = [];
  if (isAbsolute(outDir) || outDir === '..' || outDir.startsWith('../')) {
    return { files: [], objects: [], index: [], refused: [{ origin: given, reason: 'the output folder is outside the project', hint: 'Give a folder inside the project root, e.g. imported/alerting.' }] };
  }
  const existing = existingKeys(options.project, registry);
  const claimed = new Map<string, string>();
  const exportNames = new UniqueNames();
  const variables = new UniqueNames({ separator: '_' });
  const fileNames = new Map<string, UniqueNames>();
  const fileFor = (folder: string, title: string, fallback: string): string => {
    const names = fileNames.get(folder) ?? new UniqueNames({ separator: '-' });
    fileNames.set(folder, names);
    return `${outDir}/${folder}/${names.take(fileNameFor(title, fallback))}.ts`;
  };
  const projectFolders = [...(options.project?.folders ?? [])];
  const newFolders = new Map<string, FolderDefinition>();
  /** The input that first needed each new folder (folders have no file section: generate writes none). */
  const folderOrigins = new Map<string, string>();
  const folderFor = (title: string): FolderDefinition => {
    const known = projectFolders.find((f) => f.title === title) ?? newFolders.get(title);
    if (known) return known;
    let uid = folderUidFor(title);
    for (let n = 2; [...projectFolders, ...newFolders.values()].some((f) => f.uid === uid); n++) uid = `${folderUidFor(title)}-${n}`;
    const folder = { uid, title };
    newFolders.set(title, folder);
    return folder;
  };
  const planned: Planned[] = [];

  for (const input of inputs) {
    const doc = input.document;
    const recognised = input.format ?? recogniseAlerting(doc);
    if (recognised === undefined) {
      refused.push({ origin: input.origin, reason: notAlertingReason(doc), hint: 'Pass Grafana alerting provisioning or export files (apiVersion: 1), or a Prometheus rule file with --from prometheus-rules.' });
      continue;
    }
    const object = doc as JsonObject;
    if (recognised === 'prometheus-rules') {
      const groups = Array.isArray(object.groups) ? object.groups.filter(isJsonObject) : [];
      const rules = groups.flatMap((g) => (Array.isArray(g.rules) ? g.rules.filter(isJsonObject) : []));
      const recording = rules.filter((r) => typeof r.record === 'string').length;
      const what = `a Prometheus rule file (${groups.length} group${groups.length === 1 ? '' : 's'}, ${rules.length - recording} alerting and ${recording} recording rule${recording === 1 ? '' : 's'}), not Grafana's alerting format`;
      if (options.from !== 'prometheus-rules') {
        refused.push({ origin: input.origin, reason: `it is ${what}`, hint: 'Pass --from prometheus-rules to convert its rules into Grafana-managed rules (with the datasource uid and folder they use), or keep it for Prometheus.' });
        continue;
      }
      if (!options.prometheus?.datasourceUid || !options.prometheus.folderUid) {
        refused.push({ origin: input.origin, reason: `it is ${what}, and converting it needs the Prometheus datasource uid and the folder uid its rules go in`, hint: 'Pass the datasource uid and the folder uid with --from prometheus-rules.' });
        continue;
      }
      const before = planned.length;
      const problem = planPrometheus(input, groups, options.prometheus);
      if (problem) {
        planned.length = before;
        refused.push(problem);
      }
      continue;
    }
    const deletes = GRAFANA_DELETE_SECTIONS.filter((s) => object[s] !== undefined);
    if (deletes.length > 0) {
      refused.push({ origin: input.origin, reason: `it holds ${deletes.join(', ')}: instructions to Grafana to delete, which are not definitions`, hint: 'Remove those lists (provision --prune deletes what the definitions no longer name), then import the file.' });
      continue;
    }
    const before = planned.length;
    const problem = planGrafana(input, object);
    if (problem) {
      planned.length = before;
      refused.push(problem);
    }
  }

  /** A key another input or the project already has: refused unless overwrite (project) / always (two inputs). */
  function claim(kind: string, key: string, origin: string): RefusedInput | undefined {
    const id = `${kind}\u0000${key}`;
    const other = claimed.get(id);
    if (other !== undefined) {
      return { origin, reason: `${KIND_WORDS[kind] ?? kind} "${key}" is also imported from ${other}`, hint: 'Import one of the two, or rename one before importing.' };
    }
    const source = existing.get(id);
    if (source !== undefined && !options.overwrite) {
      return { origin, reason: `${KIND_WORDS[kind] ?? kind} "${key}" is already defined in the project (${source})`, hint: 'Pass --overwrite to replace it with the imported one, or rename one of them.' };
    }
    claimed.set(id, origin);
    return undefined;
  }

  function ruleGroupPlan(input: AlertingInput, group: { title: string; folderUid: string; interval: number; rules: JsonObject[] }, folderTitle: string, original: unknown, changed: RequestedChange[]): RefusedInput | undefined {
    const key = `${group.folderUid}/${group.title}`;
    const collision = claim('rule-group', key, input.origin) ?? group.rules.map((r) => (typeof r.uid === 'string' ? claim('rule', r.uid, input.origin) : undefined)).find((r) => r !== undefined);
    if (collision) return collision;
    const path = fileFor('rule-groups', group.title, 'rule-group');
    const exportName = exportNames.take(identifierFor(group.title, 'RuleGroup'));
    const { code, expression } = ruleGroupCode(definitions, group);
    planned.push({
      objects: [{
        object: { kind: 'rule-group', key, title: group.title, origin: input.origin, module: path, parts: group.rules.length, raw: code.raw, inexact: [], changed },
        compare: { kind: 'rule-group', key: `${folderTitle}/${group.title}`, original },
      }],
      file: { path, header: `Rule group "${group.title}" in folder "${folderTitle}"`, code, body: `export const ${exportName} = ${expression};` },
      entries: [{ field: 'ruleGroups', exportName, module: path, key }],
    });
    return undefined;
  }

  function planPrometheus(input: AlertingInput, groups: JsonObject[], conversion: PrometheusConversion): RefusedInput | undefined {
    const folder = projectFolders.find((f) => f.uid === conversion.folderUid) ?? [...newFolders.values()].find((f) => f.uid === conversion.folderUid);
    const folderTitle = folder?.title ?? conversion.folderUid;
    if (!folder) {
      newFolders.set(folderTitle, { uid: conversion.folderUid, title: folderTitle });
      if (!folderOrigins.has(folderTitle)) folderOrigins.set(folderTitle, input.origin);
    }
    for (const group of groups) {
      const { group: converted, notes } = convertPrometheusGroup(group, conversion);
      const changed: RequestedChange[] = notes.map((n) => ({ path: n.path, what: n.what }));
      if (!folder) changed.push({ path: 'folderUid', what: `folder ${conversion.folderUid} is not in the project: defined with that uid as its title` });
      const problem = ruleGroupPlan(input, converted, folderTitle, { ...converted, folderUid: folderTitle }, changed);
      if (problem) return problem;
    }
    return undefined;
  }

  function planGrafana(input: AlertingInput, doc: JsonObject): RefusedInput | undefined {
    const ruleGroup = registry.handlers.get('rule-group');
    for (const raw of Array.isArray(doc.groups) ? doc.groups.filter(isJsonObject) : []) {
      const [parsed] = ruleGroup?.files?.parse({ groups: [raw] }, input.origin, parseContext) ?? [];
      // Grafana expands these two (and its export writes `$` as `$$` in them): the real text is unescaped.
      const title = unescapeInterpolated(String(raw.name ?? ''));
      const folderTitle = unescapeInterpolated(String(raw.folder ?? ''));
      if (!parsed || title === '' || folderTitle === '') {
        return { origin: input.origin, reason: `rule group ${lit(title || '(no name)')} has no ${title === '' ? 'name' : 'folder'}`, hint: 'Grafana refuses such a group too ("rule group has no name set" / "no folder set"): give it one.' };
      }
      const interval = intervalSeconds(raw.interval);
      if (interval === undefined) return { origin: input.origin, reason: `rule group "${title}": interval ${lit(raw.interval)} is not a whole number of seconds`, hint: 'Give the group an interval such as 1m (a multiple of 10s).' };
      const spec = parsed.spec as { rules: JsonObject[] };
      const bad = spec.rules.map((rule, i) => ruleProblem(rule, i, title)).find((p) => p !== undefined);
      if (bad) return { origin: input.origin, ...bad };
      const folder = folderFor(folderTitle);
      if (!folderOrigins.has(folderTitle)) folderOrigins.set(folderTitle, input.origin);
      const problem = ruleGroupPlan(input, { title, folderUid: folder.uid, interval, rules: spec.rules }, folderTitle, parsed.spec, []);
      if (problem) return problem;
    }
    for (const entry of Array.isArray(doc.contactPoints) ? doc.contactPoints.filter(isJsonObject) : []) {
      const problem = planContactPoint(input, entry);
      if (problem) return problem;
    }
    const trees = Array.isArray(doc.policies) ? doc.policies.filter(isJsonObject) : [];
    if (trees.length > 1) return { origin: input.origin, reason: `it holds ${trees.length} policy trees; an organisation has one`, hint: 'Keep one tree per file (one per organisation).' };
    if (trees[0]) {
      const problem = planPolicy(input, trees[0]);
      if (problem) return problem;
    }
    for (const entry of Array.isArray(doc.muteTimes) ? doc.muteTimes.filter(isJsonObject) : []) {
      const problem = planNamed(input, entry, 'mute-timing');
      if (problem) return problem;
    }
    for (const entry of Array.isArray(doc.templates) ? doc.templates.filter(isJsonObject) : []) {
      const problem = planNamed(input, entry, 'notification-template');
      if (problem) return problem;
    }
    return undefined;
  }

  function planContactPoint(input: AlertingInput, entry: JsonObject): RefusedInput | undefined {
    // Every string of a contact point is expanded by Grafana's file reader: `$$` is a `$` (src/kinds/contact-point.ts).
    const name = unescapeInterpolated(String(entry.name ?? ''));
    if (name === '') return { origin: input.origin, reason: 'a contact point has no name', hint: 'Give every contact point a name (its receivers are grouped by it).' };
    const receivers = Array.isArray(entry.receivers) ? entry.receivers.filter(isJsonObject) : [];
    const path = fileFor('contact-points', name, 'contact-point');
    const code = new ModuleCode();
    const body: string[] = [];
    const entries: IndexEntry[] = [];
    const objects: Planned['objects'] = [];
    for (const [i, receiver] of receivers.entries()) {
      const changed: RequestedChange[] = [];
      const inexact: InexactItem[] = [];
      const rawBefore = code.raw.length;
      const { orgId: _org, ...written } = receiver;
      const rest = unescapeStrings(written);
      let uid = typeof rest.uid === 'string' ? rest.uid : '';
      if (uid === '') {
        uid = `${folderUidFor(name)}-${i + 1}`.slice(0, 40);
        inexact.push({ path: `receivers[${i}].uid`, within: `contact point "${name}"`, reason: `the receiver has no uid (Grafana would generate one); the definitions need one, so it is ${uid}` });
      }
      if (uid.length > 40) return { origin: input.origin, reason: `contact point "${name}": receiver uid "${uid}" is longer than 40 characters`, hint: 'Grafana refuses such uids: shorten it.' };
      const problem = claim('contact-point', uid, input.origin);
      if (problem) return problem;
      const type = String(rest.type ?? '');
      const settings: JsonObject = isJsonObject(rest.settings) ? { ...rest.settings } : {};
      const secrets = secretSettingKeys(type, settings);
      // A reference is a lone `$VAR` as written; `$$VAR` was a literal secret value, and is replaced like any other.
      const writtenSettings = isJsonObject(written.settings) ? written.settings : {};
      for (const key of secrets) {
        const reference = envReference(writtenSettings[key]);
        if (reference !== undefined) continue;
        const variable = variables.take(secretVariableFor(name, key));
        settings[key] = `$${variable}`;
        changed.push({ path: `receivers[${i}].settings.${key}`, what: `secret replaced by $${variable} (set ${variable} where Grafana reads the files or provision runs); the value is not written` });
      }
      const point: JsonObject = { ...rest, uid, name, ...(isJsonObject(rest.settings) ? { settings } : {}) };
      const exportName = exportNames.take(identifierFor(receivers.length > 1 ? `${name} ${type}` : name, 'ContactPoint'));
      body.push(`export const ${exportName} = ${contactPointCode(code, definitions, point, secrets, `receivers[${i}]`)};`);
      entries.push({ field: 'contactPoints', exportName, module: path, key: uid });
      objects.push({
        object: { kind: 'contact-point', key: uid, title: `${name} (${type})`, origin: input.origin, module: path, parts: 1, raw: code.raw.slice(rawBefore), inexact, changed },
        compare: { kind: 'contact-point', key: uid, original: { contactPoint: { ...rest, uid, name }, secretSettings: secrets }, secretSettings: secrets },
      });
    }
    if (receivers.length === 0) return { origin: input.origin, reason: `contact point "${name}" has no receivers`, hint: 'Give it at least one integration (receivers: [{uid, type, settings}]).' };
    planned.push({
      objects,
      file: { path, header: `Contact point "${name}"`, code, body: body.join('\n\n') },
      entries,
    });
    return undefined;
  }

  function planPolicy(input: AlertingInput, written: JsonObject): RefusedInput | undefined {
    // Grafana expands every string of the tree (src/kinds/policy.ts): `$$` is a `$`.
    const tree = unescapeStrings(written);
    const routes = Array.isArray(tree.routes) ? tree.routes.filter(isJsonObject) : [];
    const existingRoutes = (options.project?.policies ?? []).length;
    if (existingRoutes > 0 && routes.length > 0 && !options.overwrite) {
      return { origin: input.origin, reason: `the project already defines ${existingRoutes} notification policy route${existingRoutes === 1 ? '' : 's'}; the imported tree's routes would join them in one sub-route, after them`, hint: 'Pass --overwrite to add them anyway (check the order: the first matching route wins), or remove the project\'s routes first.' };
    }
    const inexact: InexactItem[] = [];
    const rootReceiver = options.rootReceiver ?? 'grafana-default-email';
    const within = 'notification policy tree root';
    // k2-grafana owns routes under the root; generate writes the root itself (src/kinds/policy.ts render).
    if (tree.receiver !== rootReceiver) inexact.push({ path: 'receiver', within, reason: `the root's receiver is ${lit(tree.receiver)}; generate writes ${lit(rootReceiver)} (set the rootReceiver generate option to keep it)` });
    if (JSON.stringify(tree.group_by ?? []) !== JSON.stringify(GENERATED_ROOT_GROUP_BY)) inexact.push({ path: 'group_by', within, reason: `the root groups by ${lit(tree.group_by ?? [])}; generate writes ${lit(GENERATED_ROOT_GROUP_BY)}` });
    for (const key of Object.keys(tree)) {
      if (['orgId', 'receiver', 'group_by', 'routes', 'provenance'].includes(key)) continue;
      inexact.push({ path: key, within, reason: 'a root setting generate does not write (k2-grafana defines the routes under the root)' });
    }
    const path = `${outDir}/policies/${fileNameFor('notification policy routes', 'policy')}.ts`;
    const code = new ModuleCode();
    const body: string[] = [];
    const entries: IndexEntry[] = [];
    const objects: Planned['objects'] = [];
    const whole = { kind: 'policy', key: IMPORT_OWNER, original: { owner: IMPORT_OWNER, routes } };
    const count = (route: JsonObject): number => 1 + (Array.isArray(route.routes) ? route.routes.filter(isJsonObject).map(count).reduce((a, b) => a + b, 0) : 0);
    for (const [i, route] of routes.entries()) {
      const receiver = typeof route.receiver === 'string' ? route.receiver : `route ${i + 1}`;
      const exportName = exportNames.take(identifierFor(`${receiver} route`, 'Policy'));
      const rawBefore = code.raw.length;
      body.push(`export const ${exportName} = ${code.use(definitions, 'policyDefinition')}(source, ${routeCode(code, definitions, route, `routes[${i}]`)});`);
      const key = `routes[${i}]`;
      entries.push({ field: 'policies', exportName, module: path, key });
      // The root's settings are reported once, on the first route.
      objects.push({
        object: { kind: 'policy', key, title: typeof route.receiver === 'string' ? `route to ${receiver}` : `route ${i + 1} (the root's receiver)`, origin: input.origin, module: path, parts: count(route), raw: code.raw.slice(rawBefore), inexact: i === 0 ? inexact : [], changed: [] },
        compare: { ...whole, route: i },
      });
    }
    if (routes.length === 0) {
      // A tree with only a root has nothing to define: generate writes the root (equal to it, or listed as inexact).
      objects.push({ object: { kind: 'policy', key: 'root', title: 'notification policy tree root', origin: input.origin, module: '', parts: 0, raw: [], inexact, changed: [] } });
    }
    const problem = routes.length > 0 ? claim('policy', 'routes', input.origin) : undefined;
    if (problem) return problem;
    planned.push({
      objects,
      file: { path, header: 'The routes of the notification policy tree (the root is written by generate)', code, body: body.join('\n\n') },
      entries,
    });
    return undefined;
  }

  function planNamed(input: AlertingInput, entry: JsonObject, kind: 'mute-timing' | 'notification-template'): RefusedInput | undefined {
    const name = String(entry.name ?? '');
    const what = kind === 'mute-timing' ? 'mute timing' : 'notification template';
    if (name === '') return { origin: input.origin, reason: `a ${what} has no name`, hint: `Give every ${what} a name.` };
    const problem = claim(kind, name, input.origin);
    if (problem) return problem;
    const mute = kind === 'mute-timing';
    const path = fileFor(mute ? 'mute-timings' : 'templates', name, kind);
    const exportName = exportNames.take(identifierFor(name, mute ? 'MuteTiming' : 'Template'));
    const code = new ModuleCode();
    const type = code.useType(definitions, mute ? 'MuteTimingDefinition' : 'NotificationTemplateDefinition');
    const intervals = Array.isArray(entry.time_intervals) ? entry.time_intervals.filter(isJsonObject) : [];
    // The SDK's TimeIntervalBuilder models times as {from, to} and weekdays as {begin, end}, which is not what Grafana
    // takes (start_time/end_time, "monday:friday"): mute timings are typed literals (MuteTimingDefinition).
    const body = mute
      ? `export const ${exportName}: ${type} = { source, muteTiming: { name: ${lit(name)}, time_intervals: ${lit(intervals)} } };`
      : `export const ${exportName}: ${type} = { source, template: { name: ${lit(name)}, template: ${textLiteral(String(entry.template ?? ''))} } };`;
    planned.push({
      objects: [{
        object: { kind, key: name, title: name, origin: input.origin, module: path, parts: mute ? intervals.length : 1, raw: [], inexact: [], changed: [] },
        compare: { kind, key: name, original: mute ? { name, time_intervals: intervals } : { name, template: String(entry.template ?? '') } },
      }],
      file: { path, header: `${mute ? 'Mute timing' : 'Notification template'} "${name}"`, code, body },
      entries: [{ field: mute ? 'muteTimings' : 'templates', exportName, module: path, key: name }],
    });
    return undefined;
  }

  const files: GeneratedFile[] = [];
  const index: IndexEntry[] = [];
  for (const plan of planned) {
    if (plan.entries.length === 0) continue;
    const { path, header, code, body } = plan.file;
    const origins = plan.objects[0]!.object.origin;
    const text = `/**\n * ${comment(header)}.\n * Imported by \`k2-grafana import\` from ${comment(origins)}.\n */\n${code.importLines(path)}\n\nconst source = ${lit(path)};\n\n${body}\n`;
    files.push({ path, text });
    index.push(...plan.entries);
  }
  const folderObjects: ImportedObject[] = [];
  if (newFolders.size > 0) {
    const path = `${outDir}/folders.ts`;
    const code = new ModuleCode();
    const type = code.useType(definitions, 'FolderDefinition');
    const names = new UniqueNames();
    const body = [...newFolders.values()].map((folder) => {
      const exportName = exportNames.take(names.take(identifierFor(folder.title, 'Folder')));
      index.push({ field: 'folders', exportName, module: path, key: folder.uid });
      folderObjects.push({ kind: 'folder', key: folder.uid, title: folder.title, origin: folderOrigins.get(folder.title) ?? '', module: path, parts: 0, raw: [], inexact: [], changed: [] });
      return `export const ${exportName}: ${type} = ${lit(folder)};`;
    });
    files.push({ path, text: `/**\n * Folders of the imported rule groups: imported by \`k2-grafana import\`.\n */\n${code.importLines(path)}\n\n${body.join('\n')}\n` });
  }

  // Formatted before the round trip, so the check runs exactly the text that is written.
  const formatted = await formatTypeScript(new Map(files.map((f) => [f.path, f.text])), { untilStable: true });
  const written = files.map((f) => ({ path: f.path, text: formatted.get(f.path)! }));
  const objects = refused.length > 0 ? planned.flatMap((p) => p.objects.map((o) => o.object)) : await roundTrip(planned, written, index);
  return { files: written, objects: [...objects, ...folderObjects], refused, index };

  async function roundTrip(plans: Planned[], generated: GeneratedFile[], entries: IndexEntry[]): Promise<ImportedObject[]> {
    if (plans.length === 0) return [];
    let regenerated: ReturnType<typeof objectsOf>;
    try {
      const project = await loadGeneratedProject(generated, entries, definitions);
      const withFolders = { ...project, folders: [...projectFolders, ...((project.folders as FolderDefinition[] | undefined) ?? [])] };
      regenerated = objectsOf(registry, yamlDocuments(regenerate(withFolders, registry, options.rootReceiver)));
    } catch (error) {
      // The input was checked before any code was written: code that does not run or generate is our bug.
      throw new InternalError(`the alerting importer generated definitions that do not run or generate: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
    }
    return plans.flatMap((plan) => plan.objects.map(({ object, compare }) => {
      if (!compare) return object;
      const handler = registry.handlers.get(compare.kind);
      if (!handler) return object;
      const within = `${KIND_WORDS[compare.kind] ?? compare.kind} "${compare.kind === 'policy' ? object.key : compare.key}"`;
      const found = regenerated.get(`${compare.kind}\u0000${compare.key}`);
      if (!found) return { ...object, inexact: [...object.inexact, { path: '', within, reason: 'not found in what generate writes from the imported module' }] };
      const spec = compare.secretSettings ? { ...(found.spec.spec as object), secretSettings: compare.secretSettings } : found.spec.spec;
      let items = differences(handler, compare.original, spec, within);
      // One comparison covers the whole tree: each route keeps the differences under it (the first, any others).
      if (compare.route !== undefined) {
        const mine = (path: string) => path.startsWith(`routes[${compare.route}]`) || (compare.route === 0 && !/^routes\[\d+\]/.test(path));
        items = items.filter((item) => mine(item.path));
      }
      return { ...object, inexact: [...object.inexact, ...items] };
    }));
  }
}



