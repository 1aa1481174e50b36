import type { JsonObject, JsonValue } from '../model/index.js';
import { isJsonObject, jsonEqual, normaliseDashboard } from '../normalise/index.js';
import { describeLeaf, showChange, showValue, type Change, type ChangeKind, type ChangeObject, type ChangePanel } from './change.js';
import { flattenPanels, type FlatPanel } from './flat-panels.js';
import { leafDiff, type LeafChange } from './leaf-diff.js';

/** How a panel fared between the two sides (what layout pictures colour by). */
export type PanelStatus = 'added' | 'removed' | 'changed' | 'moved' | 'unchanged';

export interface PanelMatch {
  readonly status: PanelStatus;
  readonly before?: FlatPanel;
  readonly after?: FlatPanel;
}

export interface DashboardComparison {
  readonly object: ChangeObject;
  readonly changes: Change[];
  /** Every panel of both sides, paired: after-side order, removed panels last. */
  readonly panels: PanelMatch[];
  /** Set when a newer Grafana re-saved the dashboard: the migrated defaults folded into one change. */
  readonly migration?: { readonly fromSchemaVersion?: JsonValue; readonly toSchemaVersion?: JsonValue; readonly defaults: number };
  /** The normalised sides, for renderers. */
  readonly before?: JsonObject;
  readonly after?: JsonObject;
}

export interface DiffDashboardsOptions {
  /** Object key for the changes; default: the dashboard uid. */
  readonly key?: string;
}

/** A change plus whether it is only a default a newer Grafana filled in (folded into the migration line). */
interface Candidate {
  readonly change: Change;
  readonly migratedDefault: boolean;
}

/** The thresholds Grafana's field config gives a panel that has none (green base, red at 80). */
const GRAFANA_DEFAULT_THRESHOLDS: JsonValue = { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: 80 }] };

/** Values Grafana writes as defaults: booleans, '', 0, null, [], {}, and the `__auto` legend. */
function defaultLike(value: JsonValue | undefined): boolean {
  if (value === undefined) return false;
  if (value === null || typeof value === 'boolean' || value === '' || value === 0 || value === '__auto') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isJsonObject(value) && Object.keys(value).length === 0;
}

/** Query fields that are the query itself: adding one is never a migrated default. */
const QUERY_TEXT_KEYS = new Set(['expr', 'query', 'rawSql', 'target', 'rawQuery', 'expression']);

function panelRef(p: FlatPanel, names: PanelNames, before?: FlatPanel): ChangePanel {
  return {
    key: p.key,
    ...(p.id !== undefined ? { id: p.id } : {}),
    title: p.title,
    label: names.label(p),
    ...(before && before.key !== p.key ? { beforeKey: before.key } : {}),
  };
}

/**
 * How summaries name a panel: by title, with its id when another panel shares the title (or has none), a library
 * panel with neither by its library uid, and its row. Internal pairing keys (`78#2`) never show.
 */
class PanelNames {
  private readonly shared = new Set<string>();
  constructor(...sides: FlatPanel[][]) {
    for (const side of sides) {
      const seen = new Set<string>();
      for (const p of side) {
        const t = `${p.isRow}:${p.row ?? ''}:${p.title}`;
        if (seen.has(t)) this.shared.add(`${p.isRow}:${p.title}`);
        seen.add(t);
      }
      // The same title in two rows reads apart by its row; in one row (or none) only the id tells them apart.
    }
  }

  /** The name with its row: what change summaries start with. */
  describe(p: FlatPanel): string {
    const name = this.label(p);
    return p.row !== undefined && !p.isRow ? `${name} (row "${p.row}")` : name;
  }

  /** The name alone: `panel "Lag"`, `panel "Lag" (id 2)`, `library panel (id 7, library uid u)`. */
  label(p: FlatPanel): string {
    const library = isJsonObject(p.panel.libraryPanel) ? p.panel.libraryPanel : undefined;
    const id = p.id !== undefined ? `id ${p.id}` : '';
    let name: string;
    if (p.title === '') {
      const libraryUid = typeof library?.uid === 'string' ? `library uid ${library.uid}` : '';
      name = `${p.isRow ? 'row' : library ? 'library panel' : 'panel'} (${[id, libraryUid].filter(Boolean).join(', ') || 'untitled'})`;
    } else {
      const kind = p.isRow ? 'row' : 'panel';
      name = this.shared.has(`${p.isRow}:${p.title}`) && id !== '' ? `${kind} "${p.title}" (${id})` : `${kind} "${p.title}"`;
    }
    return name;
  }
}

/** A panel's path in summaries and Change paths: its Grafana id, never the internal pairing key. */
function panelPath(p: FlatPanel): string {
  return `panels[id=${p.id ?? p.key}]`;
}

function pos(p: FlatPanel): string {
  return `x=${p.gridPos.x} y=${p.gridPos.y}`;
}

/**
 * Pairs panels: same key and title; then same title (unique on both sides) when ids were re-assigned; then same key
 * (a retitled panel). Everything left over was added or removed.
 */
function matchPanels(before: FlatPanel[], after: FlatPanel[]): Array<[FlatPanel | undefined, FlatPanel | undefined]> {
  const pairs = new Map<FlatPanel, FlatPanel>();
  const usedBefore = new Set<FlatPanel>();
  const beforeByKey = new Map(before.map((p) => [p.key, p]));
  const colliding = collidingIds(before, after);
  const collides = (p: FlatPanel) => p.id !== undefined && colliding.has(p.id);
  if (colliding.size > 0) matchCollidingIds(before.filter(collides), after.filter(collides), pairs, usedBefore);
  for (const a of after) {
    if (collides(a) || pairs.has(a)) continue;
    const b = beforeByKey.get(a.key);
    if (b && b.title === a.title && !usedBefore.has(b)) {
      pairs.set(a, b);
      usedBefore.add(b);
    }
  }
  const titleCounts = (list: FlatPanel[]) => {
    const counts = new Map<string, number>();
    for (const p of list) counts.set(`${p.isRow}:${p.title}`, (counts.get(`${p.isRow}:${p.title}`) ?? 0) + 1);
    return counts;
  };
  const restBefore = () => before.filter((p) => !usedBefore.has(p));
  const restAfter = () => after.filter((p) => !pairs.has(p));
  const bCounts = titleCounts(restBefore());
  const aCounts = titleCounts(restAfter());
  const bByTitle = new Map(restBefore().map((p) => [`${p.isRow}:${p.title}`, p]));
  for (const a of restAfter()) {
    const t = `${a.isRow}:${a.title}`;
    if (a.title === '' || bCounts.get(t) !== 1 || aCounts.get(t) !== 1) continue;
    const b = bByTitle.get(t);
    if (b && !usedBefore.has(b)) {
      pairs.set(a, b);
      usedBefore.add(b);
    }
  }
  for (const a of restAfter()) {
    if (collides(a)) continue; // a shared id says nothing about which panel it was
    const b = beforeByKey.get(a.key);
    if (b && !usedBefore.has(b) && b.isRow === a.isRow) {
      pairs.set(a, b);
      usedBefore.add(b);
    }
  }
  const out: Array<[FlatPanel | undefined, FlatPanel | undefined]> = after.map((a) => [pairs.get(a), a]);
  for (const b of before) if (!usedBefore.has(b)) out.push([b, undefined]);
  return out;
}

/** Ids more than one panel carries on either side (hand-made and mixin dashboards have them). */
function collidingIds(...sides: FlatPanel[][]): Set<number> {
  const out = new Set<number>();
  for (const side of sides) {
    const seen = new Set<number>();
    for (const p of side) {
      if (p.id === undefined) continue;
      if (seen.has(p.id)) out.add(p.id);
      seen.add(p.id);
    }
  }
  return out;
}

/**
 * Pairs panels whose id collides, where the id cannot tell them apart: first same row and title, then the same place
 * within the same row (the n-th panel of the row). This refines DESIGN's "match by key" only for colliding ids.
 */
function matchCollidingIds(before: FlatPanel[], after: FlatPanel[], pairs: Map<FlatPanel, FlatPanel>, used: Set<FlatPanel>): void {
  const rowOf = (p: FlatPanel) => `${p.isRow}:${p.row ?? ''}`;
  const pairBy = (keyOf: (p: FlatPanel, index: number) => string) => {
    const index = indexWithinRow(before);
    const queues = new Map<string, FlatPanel[]>();
    for (const b of before) {
      if (used.has(b)) continue;
      const k = keyOf(b, index.get(b)!);
      queues.set(k, [...(queues.get(k) ?? []), b]);
    }
    const afterIndex = indexWithinRow(after);
    for (const a of after) {
      if (pairs.has(a)) continue;
      const b = queues.get(keyOf(a, afterIndex.get(a)!))?.shift();
      if (b) {
        pairs.set(a, b);
        used.add(b);
      }
    }
  };
  pairBy((p) => `${rowOf(p)}:${p.title}`);
  pairBy((p, i) => `${rowOf(p)}:#${i}`);
}

/** Each panel's place among the panels of its row (rows themselves: among the rows). */
function indexWithinRow(panels: FlatPanel[]): Map<FlatPanel, number> {
  const counts = new Map<string, number>();
  const out = new Map<FlatPanel, number>();
  for (const p of panels) {
    const row = `${p.isRow}:${p.row ?? ''}`;
    const n = counts.get(row) ?? 0;
    out.set(p, n);
    counts.set(row, n + 1);
  }
  return out;
}

class DashboardDiffer {
  readonly candidates: Candidate[] = [];
  constructor(readonly object: ChangeObject, readonly migrating: boolean, readonly names: PanelNames) {}

  add(change: Omit<Change, 'object'>, migratedDefault = false): void {
    this.candidates.push({ change: { object: this.object, ...change }, migratedDefault });
  }

  /**
   * In a migrated dashboard, is this leaf a default the newer Grafana filled in? Only additions count, and only where
   * Grafana puts plugin defaults (a panel's `options`, `fieldConfig.defaults.custom` / `color`) or values that look
   * like defaults (booleans, '', 0, null, empty lists and objects, `__auto`). Query text never does. So a user who
   * adds a description, a threshold or a unit in the UI (which also stamps pluginVersion) still sees it listed.
   */
  isDefault(leaf: LeafChange, area: 'panel' | 'query' | 'other' = 'other'): boolean {
    if (!this.migrating || leaf.before !== undefined) return false;
    if (leaf.segments.some((s) => QUERY_TEXT_KEYS.has(s))) return false;
    const [head, second, third] = leaf.segments;
    if (area === 'panel' && head === 'options') return true;
    if (area === 'panel' && head === 'fieldConfig' && second === 'defaults' && (third === 'custom' || third === 'color')) return true;
    return defaultLike(leaf.after);
  }

  panelPair(b: FlatPanel, a: FlatPanel): void {
    const panel = panelRef(a, this.names, b);
    const where = this.names.describe(a);
    const at = panelPath(a);
    if ((b.id ?? b.key) !== (a.id ?? a.key)) {
      this.add({ kind: 'panel-rekeyed', panel, path: `${at}.id`, before: b.id ?? b.key, after: a.id ?? a.key,
        summary: `${where} re-keyed: id ${b.id ?? '(none)'} -> ${a.id ?? '(none)'} (matched by title)` });
    }
    if (b.title !== a.title) {
      this.add({ kind: 'panel-retitled', panel, path: `${at}.title`, before: b.title, after: a.title,
        summary: `${this.names.label(b)} retitled to "${a.title}"` });
    }
    if (b.type !== a.type) {
      this.add({ kind: 'panel-type-changed', panel, path: `${at}.type`, before: b.type, after: a.type,
        summary: `${where} type changed: ${b.type} -> ${a.type}` });
    }
    const bp = b.gridPos;
    const ap = a.gridPos;
    // A panel outside any row may carry `row: undefined` on one side and none on the other: that is no move.
    const rowChanged = (b.row ?? null) !== (a.row ?? null);
    if (bp.x !== ap.x || bp.y !== ap.y || rowChanged) {
      const rows = `row ${showValue(b.row ?? null)} to row ${showValue(a.row ?? null)}`;
      // Only the row changed (same x and y): say that, not "moved from x=0 y=1 to x=0 y=1".
      const summary = bp.x === ap.x && bp.y === ap.y
        ? `${where} moved from ${rows}`
        : `${where} moved from ${pos(b)} to ${pos(a)}${rowChanged ? `, from ${rows}` : ''}`;
      this.add({ kind: 'panel-moved', panel, path: `${at}.gridPos`, before: { x: bp.x, y: bp.y }, after: { x: ap.x, y: ap.y }, summary });
    }
    if (bp.w !== ap.w || bp.h !== ap.h) {
      this.add({ kind: 'panel-resized', panel, path: `${at}.gridPos`, before: { w: bp.w, h: bp.h }, after: { w: ap.w, h: ap.h },
        summary: `${where} resized from ${bp.w}x${bp.h} to ${ap.w}x${ap.h}` });
    }
    const strip = (p: JsonObject) => {
      const { gridPos: _g, title: _t, type: _y, id: _i, ...rest } = p;
      return rest;
    };
    const leaves = leafDiff(strip(b.panel), strip(a.panel));
    const grouped = new Set<string>();
    for (const leaf of leaves) {
      const [head, second, third] = leaf.segments;
      const path = `${at}.${leaf.path}`;
      if (head === 'pluginVersion') {
        this.add({ kind: 'panel-changed', panel, path, before: leaf.before, after: leaf.after,
          summary: `${where} pluginVersion ${showChange(leaf.before, leaf.after)}` }, true);
      } else if (head === 'targets') {
        this.queryLeaf(leaf, a, panel, where, path);
      } else if (head === 'fieldConfig' && second === 'defaults' && (third === 'thresholds' || third === 'mappings')) {
        // Thresholds and mappings read as a whole ("steps 100000 orange, 500000 red"), not step by step.
        const key = `fieldConfig.defaults.${third}`;
        if (grouped.has(key)) continue;
        grouped.add(key);
        const before = (b.panel.fieldConfig as JsonObject | undefined)?.defaults as JsonObject | undefined;
        const after = (a.panel.fieldConfig as JsonObject | undefined)?.defaults as JsonObject | undefined;
        const bv = before?.[third];
        const av = after?.[third];
        this.add({ kind: 'field-config-changed', panel, ref: third, path: `${at}.${key}`, before: bv, after: av,
          summary: `${where} ${third} changed: ${describeFieldValue(third, bv)} -> ${describeFieldValue(third, av)}` },
          this.migrating && bv === undefined && jsonEqual(av, GRAFANA_DEFAULT_THRESHOLDS));
      } else if (head === 'fieldConfig') {
        this.add({ kind: 'field-config-changed', panel, path, before: leaf.before, after: leaf.after,
          summary: `${where} ${leaf.path.replace(/^fieldConfig\.(defaults\.)?/, '')}: ${showChange(leaf.before, leaf.after)}` },
          this.isDefault(leaf, 'panel'));
      } else if (head === 'options') {
        this.add({ kind: 'panel-options-changed', panel, path, before: leaf.before, after: leaf.after,
          summary: `${where} option ${leaf.path.replace(/^options\./, '')}: ${showChange(leaf.before, leaf.after)}` }, this.isDefault(leaf, 'panel'));
      } else {
        this.add({ kind: 'panel-changed', panel, path, before: leaf.before, after: leaf.after,
          summary: `${where} ${describeLeaf(leaf.path, leaf.before, leaf.after)}` }, this.isDefault(leaf, 'panel'));
      }
    }
  }

  queryLeaf(leaf: LeafChange, a: FlatPanel, panel: ChangePanel, where: string, path: string): void {
    if (leaf.segments.length === 1) {
      // The whole query list came or went: one line per query, like a single query added or removed.
      const list = (v: JsonValue | undefined) => (Array.isArray(v) ? v : []);
      for (const target of list(leaf.before)) this.queryLeaf({ ...leaf, segments: ['targets', `[refId=${refIdOf(target)}]`], before: target, after: undefined }, a, panel, where, `${path}[refId=${refIdOf(target)}]`);
      for (const target of list(leaf.after)) this.queryLeaf({ ...leaf, segments: ['targets', `[refId=${refIdOf(target)}]`], before: undefined, after: target }, a, panel, where, `${path}[refId=${refIdOf(target)}]`);
      if (Array.isArray(leaf.before) || Array.isArray(leaf.after)) return;
    }
    const refSegment = leaf.segments[1] ?? '';
    const ref = /^\[refId=(.*)\]$/.exec(refSegment)?.[1] ?? refSegment.replace(/^\[|\]$/g, '');
    const field = leaf.segments.slice(2).join('.');
    if (field === '' && leaf.before === undefined) {
      this.add({ kind: 'query-added', panel, ref, path, after: leaf.after,
        summary: `${where} query ${ref} added${queryText(leaf.after)}` });
    } else if (field === '' && leaf.after === undefined) {
      this.add({ kind: 'query-removed', panel, ref, path, before: leaf.before,
        summary: `${where} query ${ref} removed${queryText(leaf.before)}` });
    } else {
      const isText = QUERY_TEXT_KEYS.has(leaf.segments[leaf.segments.length - 1] ?? '');
      this.add({ kind: 'query-changed', panel, ref, path, before: leaf.before, after: leaf.after,
        summary: isText ? `${where} query ${ref} ${field} changed` : `${where} query ${ref} ${field}: ${showChange(leaf.before, leaf.after)}` },
        this.isDefault(leaf, 'query'));
    }
    void a;
  }
}

/** `: <query text>` for a query that has text; nothing for one that has only its refId (and editor state). */
function queryText(target: JsonValue | undefined): string {
  if (!isJsonObject(target)) return target === undefined ? '' : `: ${showValue(target)}`;
  for (const key of QUERY_TEXT_KEYS) if (typeof target[key] === 'string') return `: ${showValue(target[key], 120)}`;
  const { refId: _r, ...rest } = target;
  return Object.keys(rest).length === 0 ? '' : `: ${showValue(rest)}`;
}

function refIdOf(target: JsonValue): string {
  return isJsonObject(target) && typeof target.refId === 'string' ? target.refId : '?';
}

function describeFieldValue(what: string, value: JsonValue | undefined): string {
  if (what === 'thresholds' && isJsonObject(value) && Array.isArray(value.steps)) {
    const steps = value.steps.filter(isJsonObject).map((s) => `${s.value === null || s.value === undefined ? 'base' : String(s.value)} ${String(s.color ?? '')}`.trim());
    return `[${steps.join(', ')}]${value.mode && value.mode !== 'absolute' ? ` (${String(value.mode)})` : ''}`;
  }
  return showValue(value, 100);
}

function byName(list: JsonValue | undefined): Map<string, JsonObject> {
  const items = isJsonObject(list) && Array.isArray(list.list) ? list.list.filter(isJsonObject) : [];
  const out = new Map<string, JsonObject>();
  items.forEach((item, index) => {
    const name = typeof item.name === 'string' && item.name !== '' ? item.name : `#${index}`;
    out.set(out.has(name) ? `${name}#${index}` : name, item);
  });
  return out;
}

function namedListChanges(
  differ: DashboardDiffer,
  what: 'variable' | 'annotation',
  field: 'templating' | 'annotations',
  before: JsonObject,
  after: JsonObject,
): void {
  const b = byName(before[field]);
  const a = byName(after[field]);
  const kinds: Record<'added' | 'removed' | 'changed', ChangeKind> = what === 'variable'
    ? { added: 'variable-added', removed: 'variable-removed', changed: 'variable-changed' }
    : { added: 'annotation-added', removed: 'annotation-removed', changed: 'annotation-changed' };
  for (const name of [...new Set([...b.keys(), ...a.keys()])]) {
    const path = `${field}.list[name=${name}]`;
    const bv = b.get(name);
    const av = a.get(name);
    if (!bv && av) differ.add({ kind: kinds.added, ref: name, path, after: av, summary: `${what} "${name}" added` });
    else if (bv && !av) differ.add({ kind: kinds.removed, ref: name, path, before: bv, summary: `${what} "${name}" removed` });
    else if (bv && av) {
      for (const leaf of leafDiff(bv, av)) {
        differ.add({ kind: kinds.changed, ref: name, path: `${path}.${leaf.path}`, before: leaf.before, after: leaf.after,
          summary: `${what} "${name}" ${describeLeaf(leaf.path, leaf.before, leaf.after)}` }, differ.isDefault(leaf));
      }
    }
  }
}

const NOT_SETTINGS = new Set(['panels', 'templating', 'annotations', 'schemaVersion']);

/**
 * Compares two dashboards (raw or normalised: both are normalised first, which is idempotent) and returns typed
 * changes plus the panel pairing. See src/diff/index.ts for the rules.
 */
export function compareDashboards(beforeInput: unknown, afterInput: unknown, options: DiffDashboardsOptions = {}): DashboardComparison {
  const before = beforeInput === undefined ? undefined : normaliseDashboard(beforeInput);
  const after = afterInput === undefined ? undefined : normaliseDashboard(afterInput);
  const key = options.key ?? String(after?.uid ?? before?.uid ?? '');
  const title = typeof (after ?? before)?.title === 'string' ? String((after ?? before)?.title) : undefined;
  const object: ChangeObject = { kind: 'dashboard', key, ...(title !== undefined ? { title } : {}) };
  const beforePanels = before ? flattenPanels(before) : [];
  const afterPanels = after ? flattenPanels(after) : [];
  if (!before || !after) {
    const panels: PanelMatch[] = before
      ? beforePanels.map((p) => ({ status: 'removed' as const, before: p }))
      : afterPanels.map((p) => ({ status: 'added' as const, after: p }));
    const change: Change = before
      ? { kind: 'object-removed', object, path: '', before, summary: `dashboard "${title ?? key}" removed` }
      : { kind: 'object-added', object, path: '', after, summary: `dashboard "${title ?? key}" added (${afterPanels.filter((p) => !p.isRow).length} panels)` };
    return { object, changes: before || after ? [change] : [], panels, ...(before ? { before } : {}), ...(after ? { after } : {}) };
  }
  const pairs = matchPanels(beforePanels, afterPanels);
  const pluginVersionChanged = pairs.some(([b, a]) => b && a && !jsonEqual(b.panel.pluginVersion, a.panel.pluginVersion));
  const schemaChanged = !jsonEqual(before.schemaVersion, after.schemaVersion);
  const names = new PanelNames(beforePanels, afterPanels);
  const differ = new DashboardDiffer(object, schemaChanged || pluginVersionChanged, names);

  const settingLeaves = leafDiff(
    Object.fromEntries(Object.entries(before).filter(([k]) => !NOT_SETTINGS.has(k))),
    Object.fromEntries(Object.entries(after).filter(([k]) => !NOT_SETTINGS.has(k))),
  );
  // Tags, time and links read best as whole values.
  const wholeSettings = new Set(['tags', 'time', 'links', 'timepicker']);
  const seenWhole = new Set<string>();
  for (const leaf of settingLeaves) {
    const head = leaf.segments[0] ?? '';
    if (wholeSettings.has(head)) {
      if (seenWhole.has(head)) continue;
      seenWhole.add(head);
      differ.add({ kind: 'setting-changed', ref: head, path: head, before: before[head], after: after[head],
        summary: `${head}: ${showChange(before[head], after[head])}` }, differ.migrating && before[head] === undefined && defaultLike(after[head]));
      continue;
    }
    differ.add({ kind: 'setting-changed', ref: head, path: leaf.path, before: leaf.before, after: leaf.after,
      summary: describeLeaf(leaf.path, leaf.before, leaf.after) }, differ.isDefault(leaf));
  }
  namedListChanges(differ, 'variable', 'templating', before, after);
  namedListChanges(differ, 'annotation', 'annotations', before, after);

  const statusByPair = new Map<FlatPanel, PanelStatus>();
  for (const [b, a] of pairs) {
    if (b && a) {
      const start = differ.candidates.length;
      // Normalised panels have sorted keys, so plain JSON text compares them.
      const same = b.key === a.key && b.row === a.row && JSON.stringify(b.panel) === JSON.stringify(a.panel);
      if (!same) differ.panelPair(b, a);
      const mine = differ.candidates.slice(start).filter((c) => !c.migratedDefault).map((c) => c.change.kind);
      statusByPair.set(a, mine.length === 0 ? 'unchanged' : mine.every((k) => k === 'panel-moved' || k === 'panel-resized') ? 'moved' : 'changed');
    } else if (a) {
      differ.add({ kind: 'panel-added', panel: panelRef(a, names), path: panelPath(a), after: a.panel,
        summary: `${names.describe(a)} added${a.isRow ? '' : ` (${a.type})`} at ${pos(a)} w=${a.gridPos.w} h=${a.gridPos.h}` });
    } else if (b) {
      differ.add({ kind: 'panel-removed', panel: panelRef(b, names), path: panelPath(b), before: b.panel,
        summary: `${names.describe(b)} removed${b.isRow ? '' : ` (${b.type})`}` });
    }
  }

  const changes: Change[] = [];
  let migration: DashboardComparison['migration'];
  if (differ.migrating) {
    const defaults = differ.candidates.filter((c) => c.migratedDefault).length;
    migration = { fromSchemaVersion: before.schemaVersion, toSchemaVersion: after.schemaVersion, defaults };
    const what = schemaChanged
      ? `schemaVersion ${showValue(before.schemaVersion)} -> ${showValue(after.schemaVersion)}`
      : 'panel plugin versions changed';
    const newer = !schemaChanged || Number(after.schemaVersion) > Number(before.schemaVersion);
    changes.push({ kind: 'migrated', object, path: 'schemaVersion', before: before.schemaVersion, after: after.schemaVersion,
      summary: `migrated by a ${newer ? 'newer' : 'different'} Grafana: ${what}, ${defaults} default${defaults === 1 ? '' : 's'}` });
  }
  changes.push(...differ.candidates.filter((c) => !c.migratedDefault).map((c) => c.change));
  const panels: PanelMatch[] = pairs.map(([b, a]) =>
    b && a ? { status: statusByPair.get(a) ?? 'unchanged', before: b, after: a } : a ? { status: 'added', after: a } : { status: 'removed', before: b });
  return { object, changes, panels, ...(migration ? { migration } : {}), before, after };
}

/** Typed changes between two dashboards (raw or normalised). Empty when they are the same once normalised. */
export function diffDashboards(before: unknown, after: unknown, options: DiffDashboardsOptions = {}): Change[] {
  return compareDashboards(before, after, options).changes;
}
