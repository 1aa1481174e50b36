import type { JsonObject, JsonValue } from '../model/index.js';
import { isJsonObject, normaliseRuleGroup } from '../normalise/index.js';
import { describeLeaf, showChange, showValue, type Change, type ChangeKind, type ChangeObject, type ChangeRule } from './change.js';
import { leafDiff } from './leaf-diff.js';

export interface DiffRuleGroupsOptions {
  /** Object key for the changes; default `folderUid/title` (or `folder/title`). */
  readonly key?: string;
}

function groupKey(group: JsonObject): string {
  return `${String(group.folderUid ?? group.folder ?? '')}/${String(group.title ?? '')}`;
}

function rulesByUid(group: JsonObject): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const rule of Array.isArray(group.rules) ? group.rules.filter(isJsonObject) : []) {
    out.set(typeof rule.uid === 'string' && rule.uid !== '' ? rule.uid : `title:${String(rule.title ?? '')}`, rule);
  }
  return out;
}

function queryOf(rule: JsonObject, refId: string): JsonObject | undefined {
  return (Array.isArray(rule.data) ? rule.data.filter(isJsonObject) : []).find((q) => q.refId === refId);
}

function isThresholdQuery(query: JsonObject | undefined): boolean {
  const model = query?.model;
  return isJsonObject(model) && (model.type === 'threshold' || model.type === 'classic_conditions' || model.type === 'math');
}

/** Evaluator text of a threshold expression: `gt 100000`, `within_range 1..5`. */
function thresholdText(query: JsonObject | undefined): string {
  const model = query?.model;
  if (!isJsonObject(model)) return '(none)';
  if (model.type === 'math') return showValue(model.expression);
  const conditions = Array.isArray(model.conditions) ? model.conditions.filter(isJsonObject) : [];
  return conditions
    .map((c) => (isJsonObject(c.evaluator) ? `${String(c.evaluator.type)} ${(Array.isArray(c.evaluator.params) ? c.evaluator.params : []).join('..')}` : '?'))
    .join(', ') || '(none)';
}

/** The per-field change kind for a rule. */
function ruleFieldKind(field: string): ChangeKind {
  switch (field) {
    case 'condition': return 'rule-condition-changed';
    case 'for': return 'rule-for-changed';
    case 'labels': return 'rule-labels-changed';
    case 'annotations': return 'rule-annotations-changed';
    case 'noDataState':
    case 'execErrState':
    case 'isPaused': return 'rule-state-changed';
    case 'title': return 'rule-retitled';
    default: return 'rule-changed';
  }
}

/**
 * Typed changes between two alert rule groups (raw in any accepted shape, or normalised): rules matched by uid;
 * per rule its title, condition, queries (by refId; a threshold/math expression's evaluator as a threshold change),
 * `for`, labels and annotations (per key), noData/execErr states, pause; and the group's interval.
 */
export function diffRuleGroups(beforeInput: unknown, afterInput: unknown, options: DiffRuleGroupsOptions = {}): Change[] {
  const before = beforeInput === undefined ? undefined : normaliseRuleGroup(beforeInput);
  const after = afterInput === undefined ? undefined : normaliseRuleGroup(afterInput);
  const either = (after ?? before) as JsonObject | undefined;
  if (!either) return [];
  const object: ChangeObject = { kind: 'rule-group', key: options.key ?? groupKey(either), title: String(either.title ?? '') };
  const changes: Change[] = [];
  const add = (change: Omit<Change, 'object'>) => changes.push({ object, ...change });
  if (!before || !after) {
    const count = Array.isArray(either.rules) ? either.rules.length : 0;
    add(before
      ? { kind: 'object-removed', path: '', before, summary: `rule group "${String(either.title)}" removed (${count} rules)` }
      : { kind: 'object-added', path: '', after, summary: `rule group "${String(either.title)}" added (${count} rules)` });
    return changes;
  }
  if (before.interval !== after.interval) {
    add({ kind: 'group-interval-changed', path: 'interval', before: before.interval, after: after.interval,
      summary: `evaluation interval ${showChange(before.interval, after.interval)}` });
  }
  for (const field of ['title', 'folderUid', 'folder'] as const) {
    if (before[field] !== after[field] && before[field] !== undefined && after[field] !== undefined) {
      add({ kind: 'group-changed', path: field, before: before[field], after: after[field], summary: `group ${field} ${showChange(before[field], after[field])}` });
    }
  }
  const b = rulesByUid(before);
  const a = rulesByUid(after);
  for (const uid of [...new Set([...a.keys(), ...b.keys()])]) {
    const br = b.get(uid);
    const ar = a.get(uid);
    const rule: ChangeRule = { uid, title: String((ar ?? br)?.title ?? uid) };
    const path = `rules[uid=${uid}]`;
    const name = `rule "${rule.title}"`;
    if (!br && ar) {
      add({ kind: 'rule-added', rule, path, after: ar, summary: `${name} added` });
      continue;
    }
    if (br && !ar) {
      add({ kind: 'rule-removed', rule, path, before: br, summary: `${name} removed` });
      continue;
    }
    if (!br || !ar) continue;
    const seenQueries = new Set<string>();
    for (const leaf of leafDiff(br, ar)) {
      const [field, second] = leaf.segments;
      if (field === 'data') {
        const refId = /^\[refId=(.*)\]$/.exec(second ?? '')?.[1] ?? (second ?? '');
        if (seenQueries.has(refId)) continue;
        seenQueries.add(refId);
        const bq = queryOf(br, refId);
        const aq = queryOf(ar, refId);
        const qPath = `${path}.data[refId=${refId}]`;
        if (isThresholdQuery(bq) && isThresholdQuery(aq)) {
          add({ kind: 'rule-threshold-changed', rule, ref: refId, path: qPath, before: bq?.model as JsonValue, after: aq?.model as JsonValue,
            summary: `${name} threshold (${refId}): ${thresholdText(bq)} -> ${thresholdText(aq)}` });
          continue;
        }
        const bExpr = isJsonObject(bq?.model) ? bq?.model.expr : undefined;
        const aExpr = isJsonObject(aq?.model) ? aq?.model.expr : undefined;
        const summary = !bq ? `${name} query ${refId} added`
          : !aq ? `${name} query ${refId} removed`
            : bExpr !== aExpr ? `${name} query ${refId} expr changed`
              : `${name} query ${refId} changed: ${leafDiff(bq, aq).map((l) => `${l.path} ${showChange(l.before, l.after)}`).join('; ')}`;
        add({ kind: 'rule-query-changed', rule, ref: refId, path: qPath,
          ...(bq ? { before: (bExpr ?? bq) as JsonValue } : {}), ...(aq ? { after: (aExpr ?? aq) as JsonValue } : {}), summary });
        continue;
      }
      const kind = ruleFieldKind(field ?? '');
      const ref = kind === 'rule-labels-changed' || kind === 'rule-annotations-changed' ? second : undefined;
      add({ kind, rule, ...(ref !== undefined ? { ref } : {}), path: `${path}.${leaf.path}`, before: leaf.before, after: leaf.after,
        summary: `${name} ${describeLeaf(leaf.path, leaf.before, leaf.after)}` });
    }
  }
  return changes;
}
