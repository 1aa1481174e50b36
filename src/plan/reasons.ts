import type { JsonObject, Kind, PlanReason } from '../model/index.js';
import { diffDashboards, diffRuleGroups, leafDiff, showChange } from '../diff/index.js';
import { isJsonObject } from '../normalise/index.js';

/**
 * Why an object differs, live -> desired, from the shared diff engine (src/diff): its semantic diff for dashboards and
 * rule groups, its leaf diff for the other kinds. Both sides are already normalised by the kind's handler (secrets
 * masked), so nothing secret can reach a reason.
 */
export function reasonsFor(kind: Kind, live: JsonObject, desired: JsonObject, object: { key: string; title: string }): PlanReason[] {
  if (kind === 'dashboard') {
    const reasons: PlanReason[] = [];
    if (live.folderUid !== desired.folderUid) {
      reasons.push({ summary: `moved from folder "${String(live.folderUid) || 'General'}" to "${String(desired.folderUid) || 'General'}"` });
    }
    const before = isJsonObject(live.dashboard) ? live.dashboard : {};
    const after = isJsonObject(desired.dashboard) ? desired.dashboard : {};
    return [...reasons, ...diffDashboards(before, after, { key: object.key })];
  }
  if (kind === 'rule-group') return diffRuleGroups(live, desired, { key: object.key });
  return leafDiff(live, desired).map((leaf) => ({ path: leaf.path, before: leaf.before, after: leaf.after, summary: `${leaf.path}: ${showChange(leaf.before, leaf.after)}` }));
}
