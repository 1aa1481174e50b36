/**
 * What a definitions module (a project's own, e.g. `dashboards/index.ts`) hands to the library: plain Grafana JSON objects,
 * each tagged with the source file it came from so errors can name it. Types only, no I/O.
 */

/** A JSON object as Grafana reads and writes it. */
export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

export interface FolderDefinition {
  readonly uid: string;
  readonly title: string;
  /** Nested folders: the parent's uid. Parents are created first. */
  readonly parentUid?: string;
}

export interface DatasourceDefinition {
  readonly uid: string;
  readonly name: string;
  readonly type: string;
  readonly access: 'proxy' | 'direct';
  /** URL as written into the file-provisioning YAML (may hold `$VAR` interpolation). */
  readonly url: string;
  readonly isDefault?: boolean;
  readonly jsonData?: JsonObject;
}

export interface DashboardDefinition {
  /** Definition file relative to the project root, e.g. `dashboards/checkout.ts`: named in every error. */
  readonly source: string;
  readonly folderUid: string;
  /** The dashboard model (v1 JSON, as `POST /api/dashboards/db` takes it), ids and refIds already assigned. */
  readonly dashboard: JsonObject;
}

export interface RuleGroupDefinition {
  readonly source: string;
  /** Grafana's AlertRuleGroup shape: `{ title, folderUid, interval, rules }` (grafana-http-api.md section 6.1). */
  readonly group: JsonObject;
}

export interface ContactPointDefinition {
  readonly source: string;
  /** EmbeddedContactPoint (`{ uid, name, type, settings, disableResolveMessage }`); secrets as `$ENV_VAR` references. */
  readonly contactPoint: JsonObject;
  /** Settings keys whose values are secrets, resolved from the environment only when pushing by API. */
  readonly secretSettings: readonly string[];
}

export interface PolicyDefinition {
  readonly source: string;
  /**
   * The sub-route this project owns in the org's notification policy tree. Provision merges it into the live tree
   * and never replaces routes others own.
   */
  readonly route: JsonObject;
}

/**
 * Everything one definitions module declares. Each kind reads one list field (its `definitions.field`, see
 * src/kinds); every such field is optional, so a project that has none of a kind leaves it out, and a kind added
 * later (a field of its own) breaks no existing project literal. A project's own kinds read fields of their own.
 */
export interface ProjectDefinition {
  /** Short project name; used in the ownership marker and generated file names. */
  readonly name: string;
  readonly folders?: readonly FolderDefinition[];
  readonly datasources?: readonly DatasourceDefinition[];
  readonly dashboards?: readonly DashboardDefinition[];
  readonly ruleGroups?: readonly RuleGroupDefinition[];
  readonly contactPoints?: readonly ContactPointDefinition[];
  readonly policies?: readonly PolicyDefinition[];
  /** Fields other kinds read (registered with `extendRegistry`): a list of entries each. */
  readonly [field: string]: unknown;
  /** Metric names queries may use; lint rejects any other. */
  readonly knownMetrics: readonly string[];
  /** Markdown file (relative to the project root) whose headings alert `runbook_url` anchors must name. */
  readonly runbooksFile?: string;
}
