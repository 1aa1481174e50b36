import type { GrafanaClient, RequestOptions } from './grafana-client.js';
import { GrafanaApiError, type GrafanaErrorDetails } from './grafana-errors.js';
import type { RetrySafety } from './retry-policy.js';

/**
 * A generic client for one resource of Grafana's app-platform API (`/apis/<group>/<version>/namespaces/<ns>/<resource>`,
 * Kubernetes-style; docs/app-platform.md cites Grafana's source for each behaviour): list in pages (`limit` /
 * `continue`), get, create, update (carrying `metadata.resourceVersion`: a stale one is a 409), delete. Errors arrive as
 * a k8s `Status` body (`{kind: "Status", status: "Failure", message, reason, details: {name, group, kind}, code}`);
 * the client maps the status (its `message` is Grafana's message), this names the object, and a 403 says which
 * permission, in which namespace, is missing. Kinds map their spec to and from the object; this knows no kind.
 */

/** Object metadata as k8s/Grafana returns it; the fields k2-grafana reads or writes. */
export interface AppObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly resourceVersion?: string;
  readonly generation?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly [other: string]: unknown;
}

export interface AppObject<Spec = Record<string, unknown>> {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: AppObjectMeta;
  readonly spec: Spec;
  readonly status?: unknown;
}

interface AppObjectList {
  readonly metadata?: { readonly continue?: unknown; readonly resourceVersion?: unknown };
  readonly items?: readonly AppObject[];
}

/** The RBAC permission each verb of the resource needs (named in a 403's hint). */
export interface ResourcePermissions {
  readonly read: string;
  readonly create: string;
  readonly write: string;
  readonly delete: string;
}

export interface AppPlatformResourceOptions {
  readonly group: string;
  readonly version: string;
  /** Plural resource name, e.g. `dashboards`. */
  readonly resource: string;
  /** The object kind in request bodies, e.g. `Dashboard`. */
  readonly objectKind: string;
  readonly namespace: string;
  readonly permissions: ResourcePermissions;
  /** Objects asked for per list page (the server may cap it; `continue` pages on). */
  readonly pageSize: number;
}

export class AppPlatformResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly namespace: string;
  private readonly objectKind: string;
  private readonly permissions: ResourcePermissions;
  private readonly pageSize: number;

  constructor(private readonly client: GrafanaClient, options: AppPlatformResourceOptions) {
    this.group = options.group;
    this.version = options.version;
    this.resource = options.resource;
    this.namespace = options.namespace;
    this.objectKind = options.objectKind;
    this.permissions = options.permissions;
    this.pageSize = options.pageSize;
  }

  /** `<group>/<version>`, the apiVersion of the objects. */
  get apiVersion(): string {
    return `${this.group}/${this.version}`;
  }

  /** The collection path, or one object's. */
  path(name?: string): string {
    const base = `/apis/${this.group}/${this.version}/namespaces/${encodeURIComponent(this.namespace)}/${this.resource}`;
    return name === undefined ? base : `${base}/${encodeURIComponent(name)}`;
  }

  /** Every object, one page at a time (`limit`, then `continue` until the server returns none). */
  async *pages(signal?: AbortSignal): AsyncGenerator<readonly AppObject[]> {
    let token: string | undefined;
    for (;;) {
      const page = await this.call('read', () => this.client.get<AppObjectList>(this.path(), {
        query: { limit: this.pageSize, ...(token ? { continue: token } : {}) }, ...opts(signal),
      }), `list ${this.resource}`);
      yield Array.isArray(page?.items) ? page.items : [];
      token = typeof page?.metadata?.continue === 'string' && page.metadata.continue !== '' ? page.metadata.continue : undefined;
      if (!token) return;
    }
  }

  /** One object; undefined for 404. */
  async get(name: string, subject: string, signal?: AbortSignal): Promise<AppObject | undefined> {
    return this.call('read', () => this.client.getIfExists<AppObject>(this.path(name), { subject, ...opts(signal) }), `get ${this.resource}`);
  }

  /** POST to the collection; a name taken is a 409 (AlreadyExists). Sent once per attempt: the name fixes the object. */
  async create(object: Omit<AppObject, 'apiVersion' | 'kind'>, subject: string, signal?: AbortSignal): Promise<AppObject> {
    return this.call('create', () => this.client.post<AppObject>(this.path(), this.body(object), { subject, retrySafety: 'fixed-uid', ...opts(signal) }), `create ${this.resource}`);
  }

  /** PUT the whole object; `metadata.resourceVersion` makes it conditional (a 409 when someone wrote in between). */
  async update(object: Omit<AppObject, 'apiVersion' | 'kind'>, subject: string, signal?: AbortSignal): Promise<AppObject> {
    // A repeated conditional PUT after a lost response meets a newer resourceVersion: a 409 the caller re-reads.
    const retrySafety: RetrySafety = 'idempotent';
    return this.call('write', () => this.client.put<AppObject>(this.path(object.metadata.name), this.body(object), { subject, retrySafety, ...opts(signal) }), `update ${this.resource}`);
  }

  /** DELETE; a 404 counts as done. */
  async delete(name: string, subject: string, signal?: AbortSignal): Promise<void> {
    await this.call('delete', async () => {
      try {
        await this.client.delete(this.path(name), { subject, retrySafety: 'idempotent', ...opts(signal) });
      } catch (error) {
        if (!(error instanceof GrafanaApiError && error.status === 404)) throw error;
      }
    }, `delete ${this.resource}`);
  }

  private body(object: Omit<AppObject, 'apiVersion' | 'kind'>): AppObject {
    return { apiVersion: this.apiVersion, kind: this.objectKind, ...object };
  }

  /** Runs a request; a 403 gets a hint naming the permission and the namespace (Grafana's Status names neither). */
  private async call<T>(verb: keyof ResourcePermissions, send: () => Promise<T>, what: string): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (error instanceof GrafanaApiError && error.status === 403) throw new AppPlatformForbiddenError(error, this.permissions[verb], this.namespace, `${what} in ${this.group}`);
      throw error;
    }
  }
}

const opts = (signal?: AbortSignal): RequestOptions => (signal ? { signal } : {});

/** A 403 from the app-platform API: the permission the request needs, and the namespace it was refused in. */
export class AppPlatformForbiddenError extends GrafanaApiError {
  readonly permission: string;
  readonly namespace: string;
  constructor(cause: GrafanaApiError, permission: string, namespace: string, what: string) {
    const details: GrafanaErrorDetails = {
      method: cause.method, path: cause.path, status: cause.status, grafanaMessage: cause.grafanaMessage, grafanaStatus: cause.grafanaStatus,
      messageId: cause.messageId, body: cause.body, attempts: cause.attempts, subject: cause.subject, errorCode: cause.errorCode,
    };
    super(
      'forbidden',
      details,
      `The token may not ${what} in namespace "${namespace}": grant its service account ${permission} in that org ` +
        `("default" is org 1, "org-<id>" the others; check GRAFANA_ORG_ID), or run with --api classic.`,
    );
    this.permission = permission;
    this.namespace = namespace;
  }
}
