import { ALERTMANAGER_CONFIG } from './write-groups.js';
import { diffObjects } from '../diff/index.js';
import type { JsonObject, Live, Marker } from '../model/index.js';
import { isJsonObject } from '../normalise/index.js';
import type { HandlerContext, KindApiCall, KindHandler, Listed, SpecOf } from './kind-handler.js';
import { hasStatus, safetyFor, seg } from './http.js';
import { sourcedObjectIssues } from './shape.js';

/**
 * Notification templates: `/api/v1/provisioning/templates` (docs/grafana.md "Notification templates"; Grafana
 * pkg/services/ngalert/api/api_provisioning.go RouteGetTemplates / RoutePutTemplate / RouteDeleteTemplate, service
 * pkg/services/ngalert/provisioning/templates.go). Keyed by name; PUT creates or replaces. Grafana trims the content
 * and, when it holds no `{{ define }}`, wraps it in `{{ define "<name>" }}` with every line indented by two spaces
 * (NotificationTemplate.Validate): `normalise` does the same, so a template written either way compares equal.
 * Marker: a template comment on the first line, `{{/* k2-grafana {"owner":…,"hash":…} *\/}}`, stored verbatim (the
 * content is free text and Go templates print nothing for a comment). Validation: ./template-check.ts.
 * Files: `alerting/templates.yaml`, section `templates` (Grafana's file-provisioning key), without the marker.
 */
export interface NotificationTemplateSpec {
  readonly name: string;
  readonly template: string;
}

/** What a project's `templates` list holds. */
export interface NotificationTemplateDefinition {
  readonly source: string;
  readonly template: NotificationTemplateSpec;
}

const PATH = '/api/v1/provisioning/templates';
const MARKER = /^\{\{\/\* k2-grafana (\{.*?\}) \*\/\}\}\n?/;

/** Grafana's NotificationTemplate.Validate rewrite: trimmed, wrapped in a define when it has none. */
export function grafanaTemplateContent(name: string, template: string): string {
  const content = template.trim();
  if (/\{\{\s*define/.test(content)) return content;
  return `{{ define "${name}" }}\n${content.split('\n').map((line) => `  ${line}`).join('\n')}\n{{ end }}`;
}

function toLive(dto: JsonObject): Live<NotificationTemplateSpec> {
  const name = String(dto.name ?? '');
  const text = String(dto.template ?? '');
  const match = MARKER.exec(text);
  let marker: Marker | undefined;
  if (match) {
    try {
      const parsed = JSON.parse(match[1]!) as { owner?: unknown; hash?: unknown };
      if (typeof parsed.owner === 'string') marker = { owner: parsed.owner, hash: typeof parsed.hash === 'string' ? parsed.hash : undefined };
    } catch {
      // Not our comment after all: the content is someone else's.
    }
  }
  return {
    kind: 'notification-template',
    key: name,
    title: name,
    spec: { name, template: marker ? text.slice(match![0].length) : text },
    marker,
    provenance: typeof dto.provenance === 'string' ? dto.provenance : '',
  };
}

const api: readonly KindApiCall[] = [
  { method: 'PUT', path: `${PATH}/:name`, safety: 'idempotent', why: 'create or replace by name' },
  { method: 'DELETE', path: `${PATH}/:name`, safety: 'idempotent', why: 'a repeat finds nothing (204)' },
];

function parse(doc: JsonObject, file: string): SpecOf<NotificationTemplateSpec>[] {
  const entries = Array.isArray(doc.templates) ? doc.templates.filter(isJsonObject) : [];
  return entries.map((entry) => ({ source: file, spec: { name: String(entry.name ?? ''), template: String(entry.template ?? '') } }));
}

async function put(ctx: HandlerContext, spec: NotificationTemplateSpec, marker: Marker): Promise<void> {
  const path = `${PATH}/${seg(spec.name)}`;
  const stamp = `{{/* k2-grafana ${JSON.stringify({ owner: marker.owner, hash: marker.hash ?? '' })} */}}`;
  await ctx.client.put(path, { template: `${stamp}\n${grafanaTemplateContent(spec.name, spec.template)}` }, {
    subject: `notification template "${spec.name}"`, signal: ctx.signal, ...safetyFor(api, 'PUT', path),
  });
}

export const notificationTemplate: KindHandler<NotificationTemplateSpec> & { readonly kind: 'notification-template' } = {
  kind: 'notification-template' as const,
  dependsOn: [],
  writes: 'parallel',
  // Stored in the org's alertmanager configuration, like contact points and the policy: writes never overlap.
  writeGroup: ALERTMANAGER_CONFIG,
  listsAll: true,
  ownership: 'marker',
  api,
  definitions: {
    field: 'templates',
    shapeIssues: (entry, path) => sourcedObjectIssues(entry, path, 'template', [
      { field: 'name', type: 'non-empty string' }, { field: 'template', type: 'string' },
    ]),
    specs: (entries: readonly NotificationTemplateDefinition[]) => entries.map((d) => ({ source: d.source, spec: { ...d.template } })),
  },
  files: {
    section: 'templates',
    // Written as it is, not escaped: grafana/grafana pkg/services/provisioning/alerting/text_templates_types.go (commit
    // 05b8f1931d94dd5f059267e13ea510e7d22726be) `TemplateV1` inlines definitions.MessageTemplate, plain Go strings that
    // Grafana does not expand, so `{{ $v := ... }}` reaches it intact (src/render/file-interpolation.ts).
    render: (project) => {
      const entries = (project.templates ?? []) as readonly NotificationTemplateDefinition[];
      if (entries.length === 0) return [];
      return [['alerting/templates.yaml', { apiVersion: 1, templates: entries.map((d) => ({ orgId: 1, name: d.template.name, template: d.template.template })) }] as const];
    },
    parse,
  },

  key: (spec) => spec.name,
  title: (spec) => spec.name,
  requires: () => [],

  normalise: (spec) => ({ name: spec.name, template: grafanaTemplateContent(spec.name, spec.template) }),
  changes: (before, after, object) => diffObjects('notification-template', before, after, object),

  async list(ctx): Promise<Listed<NotificationTemplateSpec>[]> {
    const all = (await ctx.client.get<JsonObject[]>(PATH, { signal: ctx.signal })) ?? [];
    return all.filter(isJsonObject).map((dto) => {
      const live = toLive(dto);
      return { key: live.key, title: live.title, marker: live.marker, provenance: live.provenance, live };
    });
  },

  async read(ctx, key): Promise<Live<NotificationTemplateSpec> | undefined> {
    const dto = await ctx.client.getIfExists<JsonObject>(`${PATH}/${seg(key)}`, { signal: ctx.signal });
    return isJsonObject(dto) ? toLive(dto) : undefined;
  },

  create: (ctx, desired, marker) => put(ctx, desired.spec, marker),
  update: (ctx, desired, _live, marker) => put(ctx, desired.spec, marker),

  async remove(ctx, live): Promise<void> {
    try {
      await ctx.client.delete(`${PATH}/${seg(live.key)}`, { subject: `notification template "${live.key}"`, signal: ctx.signal });
    } catch (error) {
      if (!hasStatus(error, 404)) throw error;
    }
  },
};
