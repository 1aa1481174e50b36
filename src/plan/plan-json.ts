import type { ApplySummary, Plan } from '../model/index.js';

/**
 * The plan as printed by `--output json`: every object with its action, note and reasons (typed changes from
 * src/diff), without the specs themselves. Reasons of contact points come from masked forms: no secret inside.
 */
export function planToJson(plan: Plan): Record<string, unknown> {
  return {
    owner: plan.owner,
    pending: plan.pending,
    counts: plan.counts,
    changes: plan.changes.map((c) => ({
      kind: c.kind,
      key: c.key,
      title: c.title,
      ...(c.source ? { source: c.source } : {}),
      action: c.action,
      ...(c.note ? { note: c.note } : {}),
      ...(c.forced ? { forced: true } : {}),
      wave: c.wave,
      reasons: c.reasons,
    })),
  };
}

/** The apply summary as printed by `--output json`. */
export function summaryToJson(summary: ApplySummary): Record<string, unknown> {
  return { ...summary };
}
