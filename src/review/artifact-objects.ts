import { parse as parseYaml } from 'yaml';
import { K2GrafanaError } from '../errors.js';
import type { ArtifactSet, JsonObject, JsonValue } from '../model/index.js';
import { canonicalJson, isJsonObject, type ObjectKind } from '../normalise/index.js';

/** One Grafana object found in an artifact set (or a file that holds no Grafana object, as kind `file`). */
export interface ArtifactObject {
  readonly kind: ObjectKind;
  /** Identity within its kind: dashboard uid, `<folder>/<group>` for rule groups, name/uid for the others, path for files. */
  readonly key: string;
  readonly title: string;
  /** Path relative to provisioning/. */
  readonly file: string;
  readonly json: JsonObject;
  /** Dashboards: the folder they sit in (the folder-uid directory of the provisioning layout, or the live folderUid). */
  readonly folder?: string;
}

/** A file of the artifact set does not parse (exit 1, like other invalid input). Names the file and what to do. */
export class ArtifactParseError extends K2GrafanaError {
  readonly file: string;
  constructor(file: string, cause: unknown) {
    super(
      'invalid-definitions',
      `${file} does not parse: ${cause instanceof Error ? cause.message : String(cause)}`,
      'Fix the file, or regenerate provisioning/ with `npm run generate` (diff reads JSON and YAML provisioning files).',
      { cause },
    );
    this.file = file;
  }
}

function parseFile(file: string, content: string): JsonValue {
  try {
    const value: unknown = /\.json$/i.test(file) ? JSON.parse(content) : parseYaml(content);
    return canonicalJson(value);
  } catch (error) {
    throw new ArtifactParseError(file, error);
  }
}

function str(value: JsonValue | undefined, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : fallback;
}

function isPrometheusGroup(group: JsonObject): boolean {
  const rules = Array.isArray(group.rules) ? group.rules.filter(isJsonObject) : [];
  return group.folder === undefined && group.folderUid === undefined && rules.length > 0
    && rules.every((r) => typeof r.expr === 'string' && (typeof r.alert === 'string' || typeof r.record === 'string'));
}

/** Entries of a provisioning document list (`groups`, `contactPoints`, ...), objects only. */
function entries(doc: JsonObject, field: string): JsonObject[] {
  const list = doc[field];
  return Array.isArray(list) ? list.filter(isJsonObject) : [];
}

/**
 * The Grafana objects in an artifact set, in Grafana's file-provisioning layout (grafana-http-api.md 12.2):
 * `dashboards/**.json` (one dashboard each), provisioning YAML with `groups` (alert rule groups), `contactPoints`,
 * `policies`, `datasources`. Anything else (provider files, Prometheus rules) is kept whole as kind `file`, so a
 * change to it still shows. Sorted by kind, then key.
 */
export function artifactObjects(artifacts: ArtifactSet): ArtifactObject[] {
  const out: ArtifactObject[] = [];
  for (const [file, content] of artifacts) {
    const value = parseFile(file, content);
    if (!isJsonObject(value)) {
      out.push({ kind: 'file', key: file, title: file, file, json: { content: value } });
      continue;
    }
    // A bare dashboard, or the `{dashboard, meta}` envelope GET /api/dashboards/uid returns (saved from the API).
    const dashboard = isJsonObject(value.dashboard) ? value.dashboard : value;
    if (/^dashboards\/.*\.json$/i.test(file) && (Array.isArray(dashboard.panels) || Array.isArray(dashboard.rows) || typeof dashboard.uid === 'string')) {
      const key = str(dashboard.uid, file);
      // A's layout is dashboards/<folder-uid>/<uid>.json; a file directly under dashboards/ has no folder to compare.
      const folder = /^dashboards\/(.+)\/[^/]+$/.exec(file)?.[1];
      out.push({ kind: 'dashboard', key, title: str(dashboard.title, key), file, json: dashboard, ...(folder !== undefined ? { folder } : {}) });
      continue;
    }
    let found = false;
    for (const group of entries(value, 'groups')) {
      const title = str(group.name ?? group.title, '(unnamed group)');
      if (isPrometheusGroup(group)) {
        // Prometheus rule files (`alert`/`record` + `expr`) share the `groups:` shape but are not Grafana objects.
        out.push({ kind: 'prometheus-rule-group', key: `${file}:${title}`, title, file, json: group });
      } else {
        const folder = str(group.folderUid ?? group.folder, '');
        out.push({ kind: 'rule-group', key: `${folder}/${title}`, title, file, json: group });
      }
      found = true;
    }
    for (const point of entries(value, 'contactPoints')) {
      const key = str(point.name ?? point.uid, '(unnamed contact point)');
      out.push({ kind: 'contact-point', key, title: key, file, json: point });
      found = true;
    }
    entries(value, 'policies').forEach((policy, index) => {
      const key = `org ${str(policy.orgId, '1')}${index > 0 ? ` #${index + 1}` : ''}`;
      out.push({ kind: 'policy', key, title: `notification policy tree (${key})`, file, json: policy });
      found = true;
    });
    for (const ds of entries(value, 'datasources')) {
      const key = str(ds.uid ?? ds.name, '(unnamed datasource)');
      out.push({ kind: 'datasource', key, title: str(ds.name, key), file, json: ds });
      found = true;
    }
    if (!found) out.push({ kind: 'file', key: file, title: file, file, json: value });
  }
  const order: Record<string, number> = { dashboard: 0, 'rule-group': 1, 'contact-point': 2, policy: 3, datasource: 4, folder: 5, 'prometheus-rule-group': 6, file: 7 };
  return out.sort((a, b) => (order[a.kind] ?? 9) - (order[b.kind] ?? 9) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
