import type { JsonValue, Resource } from '../model/index.js';
import type { ContextOverrides } from './project-config.js';

/**
 * A context's overrides applied to the resources about to be pushed (never to the files: `provisioning/` stays
 * context-free). Datasource uids are replaced wherever a spec refers to one (a `datasourceUid`, or the `uid` of a
 * `datasource` reference) and on the datasource itself; the folder prefix goes before every folder title.
 * The two kinds named here are the ones these overrides are about; every other kind is only walked.
 */
export function applyContextOverrides(resources: readonly Resource[], overrides: ContextOverrides): Resource[] {
  const uids = overrides.datasourceUids ?? {};
  const hasUids = Object.keys(uids).length > 0;
  const prefix = overrides.folderPrefix ?? '';
  if (!hasUids && prefix === '') return [...resources];
  return resources.map((resource) => {
    let next: Resource = hasUids ? { ...resource, spec: replaceDatasourceUids(resource.spec as JsonValue, uids) } : resource;
    if (hasUids && resource.kind === 'datasource' && uids[resource.key] !== undefined) next = { ...next, key: uids[resource.key]! };
    if (prefix !== '' && resource.kind === 'folder') {
      const spec = next.spec as { title?: string };
      next = { ...next, title: `${prefix}${next.title}`, spec: { ...spec, title: `${prefix}${spec.title ?? ''}` } };
    }
    return next;
  });
}

/** One line per override, for the plan's header. */
export function describeOverrides(overrides: ContextOverrides): string[] {
  const lines = Object.entries(overrides.datasourceUids ?? {}).map(([from, to]) => `datasource uid ${from} -> ${to}`);
  if (overrides.folderPrefix) lines.push(`folder titles prefixed with "${overrides.folderPrefix}"`);
  return lines;
}

function replaceDatasourceUids(value: JsonValue, uids: Readonly<Record<string, string>>, parentKey = ''): JsonValue {
  if (Array.isArray(value)) return value.map((item) => replaceDatasourceUids(item, uids, parentKey));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, JsonValue> = {};
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'string' && uids[child] !== undefined && (key === 'datasourceUid' || (key === 'uid' && looksLikeDatasource(value, parentKey)))) {
      out[key] = uids[child]!;
    } else out[key] = replaceDatasourceUids(child, uids, key);
  }
  return out;
}

/** A `datasource: { uid }` reference, or the datasource object itself (its own uid). */
function looksLikeDatasource(value: Record<string, JsonValue>, parentKey: string): boolean {
  return parentKey === 'datasource' || (typeof value.type === 'string' && 'url' in value);
}
