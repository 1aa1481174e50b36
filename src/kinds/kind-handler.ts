import type { Change, DashboardComparison } from '../diff/index.js';
import type { GrafanaClient, RetrySafety } from '../grafana/index.js';
import type { ResourcePermissions } from '../grafana/app-platform-client.js';
import type { ApiChoice } from './transport.js';
import type { JsonObject, Live, Marker, ProjectDefinition, Resource, ResourceKey, ResourceRef } from '../model/index.js';

/** What a handler needs to talk to Grafana during one run. Built once per run by plan/apply callers. */
export interface HandlerContext {
  readonly client: GrafanaClient;
  /** The ownership marker value of this project, e.g. `k2-grafana/checkout`. */
  readonly owner: string;
  /** Environment used to resolve `$VAR` secret references at push time; never printed. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Bounded concurrency shared by every read of the run (p-limit). */
  readonly limit: <T>(task: () => Promise<T>) => Promise<T>;
  /** Per-run cache for reads several handlers share (e.g. the alert rule list). */
  readonly memo: Map<string, Promise<unknown>>;
  readonly signal?: AbortSignal;
  /** Which API kinds that declare an app-platform resource use (src/kinds/transport.ts). @default 'auto' */
  readonly api?: ApiChoice;
  /** The app-platform namespace. @default `default` for org 1, `org-<id>` for the client's other org */
  readonly namespace?: string;
  /**
   * Leave objects whose manager annotation k2-grafana stamps (dashboards and folders on the app-platform path)
   * editable in the UI (`grafana.app/managerAllowsEdits`); default: locked. The `--editable-rules` of those kinds.
   */
  readonly editableDashboards?: boolean;
}

/**
 * A kind's app-platform resource (`/apis/<group>/<version>/namespaces/<ns>/<resource>`): declared by the kind, used
 * when discovery shows one of `versions` (src/kinds/transport.ts decides). The kind maps its spec to the object.
 */
export interface KindAppPlatform {
  readonly group: string;
  /** Plural resource name, e.g. `dashboards`. */
  readonly resource: string;
  /** The object kind, e.g. `Dashboard`. */
  readonly objectKind: string;
  /** Versions whose object the kind maps, best first (the first the server serves is used). */
  readonly versions: readonly string[];
  readonly permissions: ResourcePermissions;
}

/** An object found by `list`: enough to know it exists and who owns it; `live` when the listing is already complete. */
export interface Listed<Spec = JsonObject> {
  readonly key: ResourceKey;
  readonly title: string;
  readonly marker?: Marker;
  readonly provenance?: string;
  readonly live?: Live<Spec>;
}

/** What turning definitions into resources may depend on. */
export interface DesiredContext {
  /** Ownership marker value, from `ownerFor(project.name)`. */
  readonly owner: string;
  /** Leave alerting objects editable in the UI (provenance none). */
  readonly editableRules: boolean;
}

/** One object a kind makes of definitions (or of a provisioning file): the engine adds kind, key and title. */
export interface SpecOf<Spec> {
  readonly spec: Spec;
  /** Definition file (or provisioning file) it came from, named in errors and reports. */
  readonly source?: string;
  readonly provenance?: string;
}

/** The part of the project definitions a kind reads. */
export interface KindDefinitions<Spec, Entry = any> {
  /** Field of the project (a list), e.g. `dashboards`. Optional in every project: absent means none. */
  readonly field: string;
  /** Problems with one entry's shape, each naming its path, e.g. "`dashboards[0].folderUid` must be a string". */
  shapeIssues(entry: unknown, path: string): string[];
  /** The entries as specs (one per object; entries may merge into one object, as policy routes do). */
  specs(entries: readonly Entry[], ctx: DesiredContext): SpecOf<Spec>[];
}

/** Options every file renderer receives (GenerateOptions). */
export interface RenderOptions {
  /** Where Grafana sees provisioning/dashboards in its container. */
  readonly dashboardsPath: string;
  /** Root receiver of the file-provisioned policy tree. */
  readonly rootReceiver: string;
}

/** What a parser may look at besides its own section. */
export interface ParseContext {
  /** The project's owner when the review knows it (keys that are the owner, such as the policy route). */
  readonly owner: string;
  /** Every entry of a list section across the artifact set (e.g. `providers`, which name folders by title and uid). */
  entries(section: string): JsonObject[];
}

/**
 * A kind's part of Grafana's file-provisioning layout (grafana-http-api.md 12.2): what it writes, and how it reads
 * what it wrote back into the same resources plan builds from the definitions (review compares those).
 */
export interface KindFiles<Spec> {
  /**
   * The section it claims, unique across the registry: the name of a top-level list in provisioning YAML documents
   * (`datasources`), or a folder ending in `/` whose `.json` files hold one object each (`dashboards/`).
   */
  readonly section: string;
  /** The files it writes, path (relative to provisioning/) -> document; `.json` or `.yaml` by the path. */
  render(project: ProjectDefinition, options: RenderOptions): readonly (readonly [string, JsonObject])[];
  /** The objects of one document: the section's list (YAML), or the whole file (JSON folder). */
  parse(value: JsonObject, file: string, ctx: ParseContext): SpecOf<Spec>[];
}

/** One API call of the kind and whether sending it twice is safe (docs/grafana.md lists them all). */
export interface KindApiCall {
  readonly method: 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Path pattern, `:x` = one segment. */
  readonly path: string;
  readonly safety: RetrySafety;
  readonly why: string;
}

/** Secrets a kind's specs refer to (`$VAR`), resolved from the environment at push time and never printed. */
export interface KindSecrets<Spec> {
  /** Variables the spec refers to that `env` does not set (names only). */
  missing(spec: Spec, env: Readonly<Record<string, string | undefined>>): string[];
  /** The secret values, resolved; throws a K2GrafanaError naming the object and variable when one is missing. */
  resolve(spec: Spec, env: Readonly<Record<string, string | undefined>>): Record<string, string>;
}

/**
 * Everything k2-grafana knows about one Grafana kind: one module, registered in one line (src/kinds/registry.ts; the
 * guide is docs/kinds.md). Handlers never decide what to do (plan/ does) and never retry (the client does, with the
 * safety `api` declares); they map definitions, files and the API to Resource/Live, and stamp or read the marker.
 */
export interface KindHandler<Spec = JsonObject> {
  /** The kind's name (`Kind` is derived from these: a plain string here, so the derivation is not circular). */
  readonly kind: string;
  /** Kinds that must be written first; the registry derives apply order from this. */
  readonly dependsOn: readonly string[];
  /** `serial` when every write touches one shared object (the notification policy tree). */
  readonly writes: 'parallel' | 'serial';
  /**
   * Kinds whose writes all land in one shared object of Grafana name the same group (`alertmanager-config`: contact
   * points, the policy tree, mute timings, templates, grafana-http-api.md 14.2). The engine runs the group's writes
   * one at a time, across provision processes too (a lock file per Grafana and group), re-reads the object after a
   * 5xx or 409 (done when it is there and equal, else written again within the budget), and reads it back after
   * every write (re-applied in the same run when a concurrent writer lost it).
   */
  readonly writeGroup?: string;
  /** `list` returns every object of the kind, so one missing from it does not exist and is not read. */
  readonly listsAll: boolean;
  /**
   * `marker`: the marker is always read back. `evidence`: some Grafanas cannot return it (classic folders); a read
   * that could not show it says so (`Live.ownershipUnknown`), and the object is then ours only when it carries the
   * title we define and holds nothing or only objects we own (its `contents` are read for that). Such objects are
   * never pruned.
   */
  readonly ownership: 'marker' | 'evidence';
  readonly definitions: KindDefinitions<Spec>;
  readonly files?: KindFiles<Spec>;
  readonly api: readonly KindApiCall[];
  /** The app-platform resource the kind can speak besides the classic API (dashboards, folders). */
  readonly appPlatform?: KindAppPlatform;
  readonly secrets?: KindSecrets<Spec>;
  /** Identity within the kind (the uid; `<folderUid>/<title>` for rule groups). Unique among the desired objects. */
  key(spec: Spec): ResourceKey;
  /** Human name for messages. */
  title(spec: Spec): string;
  /** Same-kind parent that must exist first (nested folders). */
  parentKey?(spec: Spec): ResourceKey | undefined;
  /** Objects of other kinds this one needs (its folder): not attempted when their write fails. */
  requires(spec: Spec): ResourceRef[];
  /**
   * Canonical comparable form, pure, marker-free, keys sorted; used by plan, apply and every diff mode. `peer` is the
   * other side of a comparison: contact points mask the secret settings either side declares; rule groups ignore
   * uids Grafana generated for rules the other side defines without one.
   */
  normalise(spec: Spec, peer?: Spec): JsonObject;
  /** Why two normalised forms differ, before -> after, in words: plan's reasons and every diff mode's changes. */
  changes(before: JsonObject, after: JsonObject, object: { readonly key: string; readonly title: string }): Change[];
  /** Review only: the same changes plus a picture-ready comparison (dashboards: the panel pairing). */
  compare?(before: JsonObject | undefined, after: JsonObject | undefined, object: { readonly key: string; readonly title: string }): { changes: Change[]; dashboard?: DashboardComparison };
  /**
   * Every object of this kind that matters: the owned ones (for prune) and, among `wanted` (the desired keys), those
   * that exist. Runs inside the run's concurrency limit, so it must not take a slot itself (no ctx.limit inside).
   */
  list(ctx: HandlerContext, wanted: readonly ResourceKey[]): Promise<readonly Listed<Spec>[]>;
  /** One object, marker separated; undefined when Grafana has none (404). */
  read(ctx: HandlerContext, key: ResourceKey, listed?: Listed<Spec>): Promise<Live<Spec> | undefined>;
  /** What an object holds (folders: for prune, and as ownership evidence). Runs outside the limit; may use ctx.limit. */
  contents?(ctx: HandlerContext, key: ResourceKey): Promise<Live['contents']>;
  create(ctx: HandlerContext, desired: Resource<Spec>, marker: Marker): Promise<void>;
  update(ctx: HandlerContext, desired: Resource<Spec>, live: Live<Spec>, marker: Marker): Promise<void>;
  remove(ctx: HandlerContext, live: Live<Spec>): Promise<void>;
}
