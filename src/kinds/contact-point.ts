import type { ContactPointDefinition, JsonObject, Live, Marker } from '../model/index.js';
import { canonicalJson, isJsonObject } from '../normalise/index.js';
import { diffObjects } from '../diff/index.js';
import { K2GrafanaError } from '../errors.js';
import type { HandlerContext, KindApiCall, KindHandler, Listed, SpecOf } from './kind-handler.js';
import { hasStatus, safetyFor, seg } from './http.js';
import { escapeStrings, unescapeStrings } from '../render/file-interpolation.js';
import { fieldIssues } from './shape.js';
import { ALERTMANAGER_CONFIG } from './write-groups.js';

/**
 * Contact points: `/api/v1/provisioning/contact-points` (grafana-http-api.md 7.1).
 * Secrets: the definitions hold `$VAR` references; the values are read from the environment only when pushing, and
 * never appear in plans, output or errors. Grafana returns secrets as `[REDACTED]`, so both sides compare with the
 * secret settings masked, and a scrypt digest of the values (stored in the marker) says whether a secret changed.
 * Marker: the setting `k2Grafana = {owner, hash, secretDigest}`; integration settings are stored as sent.
 * Files: `alerting/contact-points.yaml`, section `contactPoints`, groups integrations by name (one entry per name, one
 * receiver per integration) where the API has one object per integration uid: reading the file back gives one spec per
 * receiver, named by its entry. Secrets stay `$VAR` references there (Grafana interpolates them when it reads the file).
 */
export interface ContactPointSpec {
  /** EmbeddedContactPoint: `{uid, name, type, settings, disableResolveMessage}`. */
  readonly contactPoint: JsonObject;
  /** Settings keys whose values are secrets. */
  readonly secretSettings: readonly string[];
}

const FIELD = 'k2Grafana';
const MASK = '[SECRET]';
const REDACTED = '[REDACTED]';
const VAR = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/;

/** The variable a `$VAR` / `${VAR}` reference names, or undefined for a literal. */
export function envReference(value: unknown): string | undefined {
  const match = typeof value === 'string' ? VAR.exec(value) : null;
  return match ? (match[1] ?? match[2]) : undefined;
}

/** A secret setting is missing from the environment: named by contact point and variable, never by value. */
export class MissingSecretError extends K2GrafanaError {
  constructor(contactPoint: string, setting: string, variable: string) {
    super(
      'invalid-definitions',
      `contact point "${contactPoint}": setting "${setting}" refers to $${variable}, which is not set`,
      `Export ${variable} in the environment that runs provision (it is read only at push time and never printed).`,
    );
  }
}

/** Variables a contact point's secret settings refer to that `env` does not set (names only). */
export function missingSecrets(spec: ContactPointSpec, env: Readonly<Record<string, string | undefined>>): string[] {
  const settings = isJsonObject(spec.contactPoint.settings) ? spec.contactPoint.settings : {};
  return spec.secretSettings
    .map((key) => envReference(settings[key]))
    .filter((v): v is string => v !== undefined && (env[v] === undefined || env[v] === ''));
}

/** The secret values a contact point refers to, resolved from `env`. Throws MissingSecretError. */
export function resolveSecrets(spec: ContactPointSpec, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const settings = isJsonObject(spec.contactPoint.settings) ? spec.contactPoint.settings : {};
  const out: Record<string, string> = {};
  for (const key of spec.secretSettings) {
    const value = settings[key];
    if (value === undefined) continue;
    const variable = envReference(value);
    if (variable === undefined) {
      out[key] = String(value);
      continue;
    }
    const resolved = env[variable];
    if (resolved === undefined || resolved === '') throw new MissingSecretError(String(spec.contactPoint.name ?? spec.contactPoint.uid), key, variable);
    out[key] = resolved;
  }
  return out;
}

function maskSettings(settings: JsonObject, secretKeys: ReadonlySet<string>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(settings)) {
    if (key === FIELD) continue;
    out[key] = secretKeys.has(key) || value === REDACTED || envReference(value) !== undefined ? MASK : value;
  }
  return out;
}

function toLive(point: JsonObject): Live<ContactPointSpec> {
  const settings: JsonObject = { ...(isJsonObject(point.settings) ? point.settings : {}) };
  const field = isJsonObject(settings[FIELD]) ? settings[FIELD] : undefined;
  delete settings[FIELD];
  const contactPoint: JsonObject = { ...point, settings };
  delete contactPoint.provenance;
  const marker: Marker | undefined =
    field && typeof field.owner === 'string'
      ? {
          owner: field.owner,
          hash: typeof field.hash === 'string' ? field.hash : undefined,
          secretDigest: typeof field.secretDigest === 'string' ? field.secretDigest : undefined,
        }
      : undefined;
  const redacted = Object.entries(settings).filter(([, v]) => v === REDACTED).map(([k]) => k);
  return {
    kind: 'contact-point',
    key: String(point.uid ?? ''),
    title: String(point.name ?? point.uid ?? ''),
    spec: { contactPoint, secretSettings: redacted },
    marker,
    provenance: typeof point.provenance === 'string' ? point.provenance : '',
  };
}

/** The body Grafana receives: secrets resolved from the environment, marker stamped. */
function body(ctx: HandlerContext, spec: ContactPointSpec, marker: Marker): JsonObject {
  const settings: JsonObject = { ...(isJsonObject(spec.contactPoint.settings) ? spec.contactPoint.settings : {}), ...resolveSecrets(spec, ctx.env) };
  settings[FIELD] = { owner: marker.owner, hash: marker.hash ?? '', secretDigest: marker.secretDigest ?? '' };
  return { ...spec.contactPoint, settings };
}

/**
 * Integrations with one name form one contact point in Grafana (7.1): ours created under the name of a foreign one
 * would be merged with it, and each team would get the other's notifications. Refused, naming it.
 */
async function refuseNameCollision(ctx: HandlerContext, spec: ContactPointSpec): Promise<void> {
  const name = String(spec.contactPoint.name ?? '');
  const other = ((await listAll(ctx)) ?? []).filter(isJsonObject).map(toLive)
    .find((l) => l.key !== String(spec.contactPoint.uid ?? '') && l.title === name && l.marker?.owner !== ctx.owner);
  if (!other) return;
  throw new K2GrafanaError(
    'conflict',
    `${subject(spec)}: Grafana already has a contact point named "${name}" (uid ${other.key}) ${other.marker ? `managed by ${other.marker.owner}` : 'that k2-grafana does not manage'}; one name is one contact point, so ours would be merged with it`,
    'Give ours another name, or remove or rename theirs in Grafana.',
  );
}

const subject = (spec: ContactPointSpec): string => `contact point "${String(spec.contactPoint.name ?? '')}" (${String(spec.contactPoint.uid ?? '')})`;

const listAll = (ctx: HandlerContext): Promise<JsonObject[] | undefined> =>
  ctx.client.get<JsonObject[]>('/api/v1/provisioning/contact-points', { signal: ctx.signal });

const api: readonly KindApiCall[] = [
  { method: 'POST', path: '/api/v1/provisioning/contact-points', safety: 'fixed-uid', why: 'the contact point uid fixes it' },
  { method: 'PUT', path: '/api/v1/provisioning/contact-points/:uid', safety: 'idempotent', why: 'replace by uid' },
  { method: 'DELETE', path: '/api/v1/provisioning/contact-points/:uid', safety: 'idempotent', why: 'a repeat finds nothing (404 counts as done)' },
];

/**
 * Contact points grouped by name: several integrations with one name form one contact point in Grafana.
 * Every string is written escaped (src/render/file-interpolation.ts): grafana/grafana
 * pkg/services/provisioning/alerting/contact_point_types.go (commit 6403b8b50ec2ac9ae64e86ad8b3990703088e659)
 * `ContactPointV1`/`ReceiverV1` read name, uid, type and disableResolveMessage as values types and the settings as a
 * `JSONValue` whose `.Value()` (every string inside) is used since grafana/grafana#55666 (Grafana 9.1.x), so a `$`
 * in a message template or URL would be expanded. The exception is a declared secret setting holding a `$VAR`
 * reference: Grafana is meant to expand that one, where it mounts the file.
 */
function fileDocument(contactPoints: readonly ContactPointDefinition[]): JsonObject {
  const byName = new Map<string, JsonObject[]>();
  for (const { contactPoint: point, secretSettings } of contactPoints) {
    const name = String(point.name);
    const { name: _name, provenance: _provenance, ...receiver } = point;
    const secret = new Set(secretSettings);
    const isSecretReference = (path: readonly (string | number)[], text: string): boolean =>
      path.length === 2 && path[0] === 'settings' && secret.has(String(path[1])) && envReference(text) !== undefined;
    byName.set(name, [...(byName.get(name) ?? []), escapeStrings(receiver, isSecretReference)]);
  }
  return { apiVersion: 1, contactPoints: [...byName.entries()].map(([name, receivers]) => ({ orgId: 1, name: escapeStrings(name), receivers })) };
}

function parse(doc: JsonObject, file: string): SpecOf<ContactPointSpec>[] {
  const entries = Array.isArray(doc.contactPoints) ? doc.contactPoints.filter(isJsonObject) : [];
  return entries.flatMap((entry) => (Array.isArray(entry.receivers) ? entry.receivers.filter(isJsonObject) : []).map((receiver) => {
    const { orgId: _org, ...rest } = receiver;
    // `$$` back to `$`; a `$VAR` secret reference was written as it is and reads back as it is.
    return { source: file, spec: { contactPoint: unescapeStrings({ ...rest, name: entry.name ?? '' }), secretSettings: [] } };
  }));
}

export const contactPoint: KindHandler<ContactPointSpec> & { readonly kind: 'contact-point' } = {
  kind: 'contact-point' as const,
  dependsOn: [],
  writes: 'parallel',
  writeGroup: ALERTMANAGER_CONFIG,
  listsAll: true,
  ownership: 'marker',
  api,
  definitions: {
    field: 'contactPoints',
    shapeIssues: (entry, path) => {
      const issues = fieldIssues(entry, path, [{ field: 'source', type: 'string' }, { field: 'contactPoint', type: 'object' }, { field: 'secretSettings', type: 'array' }]);
      if (issues.length > 0) return issues;
      return fieldIssues((entry as { contactPoint: unknown }).contactPoint, `${path}.contactPoint`, [
        { field: 'uid', type: 'non-empty string' }, { field: 'name', type: 'non-empty string' }, { field: 'type', type: 'non-empty string' },
        { field: 'settings', type: 'object', optional: true },
      ]);
    },
    specs: (entries: readonly ContactPointDefinition[]) => entries.map((c) => ({ source: c.source, spec: { contactPoint: c.contactPoint, secretSettings: [...c.secretSettings] } })),
  },
  files: {
    section: 'contactPoints',
    render: (project) => ((project.contactPoints ?? []).length === 0 ? [] : [['alerting/contact-points.yaml', fileDocument(project.contactPoints ?? [])] as const]),
    parse,
  },
  secrets: { missing: missingSecrets, resolve: resolveSecrets },

  key: (spec) => String(spec.contactPoint.uid ?? ''),
  title: (spec) => String(spec.contactPoint.name ?? spec.contactPoint.uid ?? ''),
  requires: () => [],

  normalise(spec, peer?: ContactPointSpec) {
    const secretKeys = new Set([...spec.secretSettings, ...(peer?.secretSettings ?? [])]);
    const cp = spec.contactPoint;
    return canonicalJson({
      uid: cp.uid ?? '', name: cp.name ?? '', type: cp.type ?? '', disableResolveMessage: cp.disableResolveMessage ?? false,
      settings: maskSettings(isJsonObject(cp.settings) ? cp.settings : {}, secretKeys),
    }) as JsonObject;
  },
  changes: (before, after, object) => diffObjects('contact-point', before, after, object),

  async list(ctx): Promise<Listed<ContactPointSpec>[]> {
    return ((await listAll(ctx)) ?? []).filter(isJsonObject).map((point) => {
      const live = toLive(point);
      return { key: live.key, title: live.title, marker: live.marker, provenance: live.provenance, live };
    });
  },

  async read(ctx, key): Promise<Live<ContactPointSpec> | undefined> {
    const found = ((await listAll(ctx)) ?? []).find((point) => isJsonObject(point) && point.uid === key);
    return found ? toLive(found) : undefined;
  },

  async create(ctx, desired, marker): Promise<void> {
    await refuseNameCollision(ctx, desired.spec);
    const path = '/api/v1/provisioning/contact-points';
    await ctx.client.post(path, body(ctx, desired.spec, marker), { subject: subject(desired.spec), signal: ctx.signal, ...safetyFor(api, 'POST', path) });
  },

  async update(ctx, desired, _live, marker): Promise<void> {
    const uid = String(desired.spec.contactPoint.uid ?? '');
    await ctx.client.put(`/api/v1/provisioning/contact-points/${seg(uid)}`, body(ctx, desired.spec, marker), {
      subject: subject(desired.spec), signal: ctx.signal,
    });
  },

  async remove(ctx, live): Promise<void> {
    try {
      await ctx.client.delete(`/api/v1/provisioning/contact-points/${seg(live.key)}`, { subject: subject(live.spec), signal: ctx.signal });
    } catch (error) {
      if (!hasStatus(error, 404)) throw error;
    }
  },
};
