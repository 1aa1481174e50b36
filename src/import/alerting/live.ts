import type { HandlerContext, KindHandler } from '../../kinds/kind-handler.js';
import { HASH_LABEL } from '../../kinds/policy.js';
import { defaultRegistry, handlerFor, type Registry } from '../../kinds/registry.js';
import type { FolderDefinition, JsonObject, ProjectDefinition } from '../../model/index.js';
import { isJsonObject } from '../../normalise/index.js';
import type { AlertingInput } from './recognise.js';

/** The definitions entry that re-creates a live object, by the kind's definitions field (the inverse of `specs`). */
const ENTRY_OF: Readonly<Record<string, (spec: any) => unknown>> = {
  ruleGroups: (spec) => ({ source: 'grafana', group: spec }),
  contactPoints: (spec) => ({ source: 'grafana', contactPoint: spec.contactPoint, secretSettings: spec.secretSettings }),
  muteTimings: (spec) => ({ source: 'grafana', muteTiming: spec }),
  templates: (spec) => ({ source: 'grafana', template: spec }),
};

/**
 * The tree without the hash matchers k2-grafana projects stamp on their sub-routes (`k2_grafana_hash != <hash>`,
 * src/kinds/policy.ts): a marker no alert can fail, so dropping it changes no routing; the owner matcher stays (it
 * routes: it matches the label those projects' rules carry).
 */
function withoutHashMatchers(route: JsonObject): JsonObject {
  const out: JsonObject = { ...route };
  if (Array.isArray(route.object_matchers)) {
    out.object_matchers = route.object_matchers.filter((m) => !(Array.isArray(m) && m[0] === HASH_LABEL && m[1] === '!='));
  }
  if (Array.isArray(route.routes)) out.routes = route.routes.map((r) => (isJsonObject(r) ? withoutHashMatchers(r) : r));
  return out;
}

async function liveSpecs(ctx: HandlerContext, handler: KindHandler<any>): Promise<unknown[]> {
  const listed = await handler.list(ctx, []);
  const specs: unknown[] = [];
  for (const item of listed) {
    const live = item.live ?? (await handler.read(ctx, item.key, item));
    if (live) specs.push(live.spec);
  }
  return specs;
}

/**
 * A live Grafana's alerting as import inputs in the file-provisioning format: rule groups, contact points, mute
 * timings and templates read through the registry's kind handlers (`list`, then `read`; markers of k2-grafana
 * projects taken out as the handlers do), and written in the file format by the same kinds' `files.render`, so they go
 * through the same importer as files. Secure contact-point settings come back `[REDACTED]` and become `$VAR`
 * references. The policy kind reads only a project's own sub-route, so the whole tree is read from its endpoint
 * (grafana-http-api.md 7.2), without the hash markers of k2-grafana projects' sub-routes. The export endpoints (6.3) would give the same format, but need `decrypt` rights and are
 * one more API to keep faithful; the handlers are already tested against the emulator and a real Grafana.
 */
export async function importAlertingLive(ctx: HandlerContext, options: { registry?: Registry } = {}): Promise<AlertingInput[]> {
  const registry = options.registry ?? defaultRegistry;
  const folders = (await liveSpecs(ctx, handlerFor(registry, 'folder'))) as FolderDefinition[];
  const inputs: AlertingInput[] = [];
  for (const handler of registry.handlers.values()) {
    const toEntry = ENTRY_OF[handler.definitions.field];
    if (!toEntry || !handler.files) continue;
    const entries = (await liveSpecs(ctx, handler)).map(toEntry);
    if (entries.length === 0) continue;
    const project = { name: 'grafana', knownMetrics: [], folders, [handler.definitions.field]: entries } as unknown as ProjectDefinition;
    for (const [path, document] of handler.files.render(project, { dashboardsPath: '', rootReceiver: '' })) {
      inputs.push({ origin: `grafana:${path}`, document, format: 'grafana' });
    }
  }
  const tree = await ctx.client.get<JsonObject>('/api/v1/provisioning/policies', { signal: ctx.signal });
  if (isJsonObject(tree)) {
    const { provenance: _p, ...root } = tree;
    inputs.push({ origin: 'grafana:alerting/policies.yaml', document: { apiVersion: 1, policies: [{ orgId: 1, ...withoutHashMatchers(root) }] }, format: 'grafana' });
  }
  return inputs;
}
