import type { JsonObject, Live } from '../model/index.js';
import type { HandlerContext } from './kind-handler.js';
import { memo } from './http.js';

/** Label every rule we push carries; its value is the owner. The policy route we own matches on it too. */
export const OWNER_LABEL = 'managed_by';
/** Annotation holding the hash of the rule group as last pushed. */
export const HASH_ANNOTATION = 'k2_grafana_hash';

export interface ListedRule {
  readonly uid: string;
  readonly title: string;
  readonly folderUid: string;
  readonly group: string;
  readonly owner?: string;
  readonly provenance: string;
}

function stringMap(value: unknown): Record<string, string> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
}

/** Every alert rule of the org, read once per run: `GET /api/v1/provisioning/alert-rules` (grafana-http-api.md 6.2). */
export function listAlertRules(ctx: HandlerContext): Promise<ListedRule[]> {
  return memo(ctx.memo, 'alert-rules', async () => {
    const rules = await ctx.client.get<JsonObject[]>('/api/v1/provisioning/alert-rules', { signal: ctx.signal });
    return (rules ?? []).map((rule) => ({
      uid: String(rule.uid ?? ''),
      title: String(rule.title ?? ''),
      folderUid: String(rule.folderUID ?? ''),
      group: String(rule.ruleGroup ?? ''),
      owner: stringMap(rule.labels)[OWNER_LABEL],
      provenance: typeof rule.provenance === 'string' ? rule.provenance : '',
    }));
  });
}

/** Rule groups per folder uid, as folder contents (the owner of a group is the owner its rules carry). */
export async function alertRulesByFolder(ctx: HandlerContext): Promise<Map<string, NonNullable<Live['contents']>[number][]>> {
  const byFolder = new Map<string, Map<string, { owner?: string; title: string }>>();
  for (const rule of await listAlertRules(ctx)) {
    const groups = byFolder.get(rule.folderUid) ?? new Map<string, { owner?: string; title: string }>();
    const seen = groups.get(rule.group);
    // A group with one rule we do not own is not ours as a whole.
    groups.set(rule.group, { title: rule.group, owner: seen && seen.owner !== rule.owner ? undefined : rule.owner });
    byFolder.set(rule.folderUid, groups);
  }
  const out = new Map<string, NonNullable<Live['contents']>[number][]>();
  for (const [folderUid, groups] of byFolder) {
    out.set(folderUid, [...groups].map(([group, info]) => ({ kind: 'rule-group' as const, key: `${folderUid}/${group}`, title: info.title, owner: info.owner })));
  }
  return out;
}
