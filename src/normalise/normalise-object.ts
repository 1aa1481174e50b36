import type { JsonObject, JsonValue } from '../model/index.js';
import { canonicalJson, isJsonObject, omitKeys } from './json.js';
import { normaliseDashboard } from './normalise-dashboard.js';
import { normaliseRuleGroup } from './normalise-rule-group.js';

/** Object kinds the normaliser and the diff engine know. Other kinds get the generic canonical form. */
export type ObjectKind = 'dashboard' | 'rule-group' | 'folder' | 'datasource' | 'contact-point' | 'policy' | (string & {});

/**
 * Fields Grafana owns on the other kinds: numeric `id`, `version`, `orgId`, `provenance` (6.4), and folder DTO
 * bookkeeping (`url`, `hasAcl`, `can*`, `created*`, `updated*`, `parents`, `accessControl`; grafana-http-api.md 4).
 */
const GENERIC_SERVER_FIELDS = [
  'id', 'version', 'orgId', 'provenance', 'url', 'hasAcl', 'canSave', 'canEdit', 'canAdmin', 'canDelete',
  'createdBy', 'created', 'updatedBy', 'updated', 'parents', 'accessControl', 'typeLogoUrl', 'readOnly',
] as const;

/** Canonical JSON without the server-owned fields above: the shared base for folders, datasources and the like. */
export function normaliseGeneric(input: unknown, options: { drop?: readonly string[] } = {}): JsonObject {
  if (!isJsonObject(input)) throw new TypeError('a Grafana object must be a JSON object');
  return omitKeys(canonicalJson(input as JsonValue) as JsonObject, [...GENERIC_SERVER_FIELDS, ...(options.drop ?? [])]);
}

/** Dispatches to the normaliser for `kind`. */
export function normaliseObject(kind: ObjectKind, input: unknown): JsonObject {
  if (kind === 'dashboard') return normaliseDashboard(input);
  if (kind === 'rule-group') return normaliseRuleGroup(input);
  return normaliseGeneric(input);
}
