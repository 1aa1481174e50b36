import { definitionError } from '../definitions/definition-error.js';
import type {
  ContactPointDefinition,
  DatasourceDefinition,
  FolderDefinition,
  JsonObject,
  PolicyDefinition,
  ProjectDefinition,
  RuleGroupDefinition,
} from '../model/index.js';
import { secondsToDuration } from './durations.js';

/**
 * Grafana file-provisioning documents (apiVersion 1) built from a project definition. Formats follow Grafana's
 * provisioning readers (grafana-http-api.md section 12.2).
 */

export interface ProviderOptions {
  /** Where Grafana sees provisioning/dashboards inside its container. */
  readonly dashboardsPath: string;
}

/** One dashboards provider per folder, each reading that folder's directory. */
export function dashboardProviders(project: ProjectDefinition, options: ProviderOptions): JsonObject {
  const folderUids = [...new Set(project.dashboards.map((d) => d.folderUid))].sort();
  return {
    apiVersion: 1,
    providers: folderUids.map((uid) => {
      const first = project.dashboards.find((d) => d.folderUid === uid);
      const folder = folderByUid(project.folders, uid, [first?.source ?? '', `dashboard "${String(first?.dashboard.title)}"`]);
      return {
        name: `${project.name}-${uid}`,
        orgId: 1,
        type: 'file',
        folder: folder.title,
        folderUid: folder.uid,
        disableDeletion: false,
        // Edits belong in the definitions; a UI save would be lost at the next generate.
        allowUiUpdates: false,
        updateIntervalSeconds: 30,
        options: { path: `${options.dashboardsPath}/${uid}` },
      };
    }),
  };
}

/** Server-filled fields of an API rule that the file format does not take (the group carries folder and org). */
const RULE_API_ONLY = new Set(['id', 'orgID', 'folderUID', 'ruleGroup', 'updated', 'provenance']);

export function ruleGroupsFile(project: ProjectDefinition): JsonObject {
  return {
    apiVersion: 1,
    groups: project.ruleGroups.map((definition) => ruleGroupEntry(project, definition)),
  };
}

function ruleGroupEntry(project: ProjectDefinition, definition: RuleGroupDefinition): JsonObject {
  const group = definition.group;
  const where = [definition.source, `rule group "${String(group.title)}"`];
  const folder = folderByUid(project.folders, String(group.folderUid), where);
  const interval = group.interval;
  if (typeof interval !== 'number') {
    throw definitionError(where, 'has no interval in seconds', 'Set the group interval (a multiple of 10 s).');
  }
  const rules = (group.rules as JsonObject[] | undefined) ?? [];
  return {
    orgId: 1,
    name: String(group.title),
    folder: folder.title,
    interval: secondsToDuration(interval),
    rules: rules.map((rule) => Object.fromEntries(Object.entries(rule).filter(([key]) => !RULE_API_ONLY.has(key)))),
  };
}

/** Contact points grouped by name: several integrations with one name form one contact point in Grafana. */
export function contactPointsFile(contactPoints: readonly ContactPointDefinition[]): JsonObject {
  const byName = new Map<string, JsonObject[]>();
  for (const { contactPoint } of contactPoints) {
    const name = String(contactPoint.name);
    const { name: _name, provenance: _provenance, ...receiver } = contactPoint;
    byName.set(name, [...(byName.get(name) ?? []), receiver]);
  }
  return {
    apiVersion: 1,
    contactPoints: [...byName.entries()].map(([name, receivers]) => ({ orgId: 1, name, receivers })),
  };
}

export interface PolicyFileOptions {
  /** Receiver of the root route (file provisioning replaces the whole tree, so it needs a root). */
  readonly rootReceiver: string;
}

/**
 * File provisioning sets the whole policy tree: a root with the project's sub-routes as its only children.
 * (Provisioning by API instead merges the sub-routes into the live tree.)
 */
export function policiesFile(policies: readonly PolicyDefinition[], options: PolicyFileOptions): JsonObject {
  return {
    apiVersion: 1,
    policies: [
      {
        orgId: 1,
        receiver: options.rootReceiver,
        group_by: ['grafana_folder', 'alertname'],
        routes: policies.map((p) => p.route),
      },
    ],
  };
}

export function datasourcesFile(datasources: readonly DatasourceDefinition[]): JsonObject {
  return {
    apiVersion: 1,
    datasources: datasources.map((ds) => ({
      orgId: 1,
      uid: ds.uid,
      name: ds.name,
      type: ds.type,
      access: ds.access,
      url: ds.url,
      isDefault: ds.isDefault ?? false,
      // Changes belong in the definitions, not the UI.
      editable: false,
      ...(ds.jsonData ? { jsonData: ds.jsonData } : {}),
    })),
  };
}

function folderByUid(folders: readonly FolderDefinition[], uid: string, where: readonly string[]): FolderDefinition {
  const folder = folders.find((f) => f.uid === uid);
  if (!folder) {
    throw definitionError(where, `names folder uid "${uid}", which the project does not declare`, 'Add the folder to the project\'s folders.');
  }
  return folder;
}
