import type { JsonValue } from '../model/index.js';
import { legacyRowsToPanels } from '../normalise/index.js';
import type { LayoutGridPos, LayoutPanel, LayoutStatus } from './layout-svg.js';

/**
 * Turns a dashboard JSON (ours or anyone's) into the flat panel list the layout picture draws, positioned the way
 * Grafana shows the dashboard with every row expanded. Lenient on purpose: the picture is an aid for reviewers,
 * so odd or broken dashboards give a best-effort picture, never an error.
 */

export interface LayoutFromDashboardOptions {
  /**
   * The key a panel is matched by, which must be the key the diff used for `statuses`. Keys are assigned in
   * document order (collapsed rows' children right after their row) and a repeated key gets `#2`, `#3`, ...
   * @default the rule of src/diff's flattenPanels: the numeric panel id as a string, else `title:<title>` (a library
   *   panel's name when it has no title)
   */
  readonly keyOf?: (panel: Readonly<Record<string, unknown>>, index: number) => string;
  /**
   * Float panels up as Grafana's grid does on display (react-grid-layout's vertical compaction), so gaps in
   * hand-written gridPos do not show as empty space Grafana would never show.
   * @default true
   */
  readonly compact?: boolean;
}

type Json = Record<string, unknown>;

const COLUMNS = 24;
/** Grafana's default gridPos for a panel without one. */
const DEFAULT_POS: LayoutGridPos = { x: 0, y: 0, w: 12, h: 8 };

/**
 * Flattens `dashboard.panels` (open rows, collapsed rows' children, library panels) or the legacy `rows[]` layout
 * into LayoutPanels. Panels not in `statuses` are 'unchanged'. Accepts the bare dashboard model or an API
 * envelope `{ dashboard: {...} }`.
 */
export function layoutPanelsFromDashboard(
  json: unknown,
  statuses: ReadonlyMap<string, LayoutStatus> = new Map(),
  options: LayoutFromDashboardOptions = {},
): LayoutPanel[] {
  const dashboard = unwrap(json);
  if (!dashboard) return [];
  const keyOf = options.keyOf ?? defaultKey;
  // Old dashboards (schemaVersion < 16) keep `rows[]`: converted by the normaliser's own migration, the one the diff uses.
  const topLevel =
    Array.isArray(dashboard.panels) && dashboard.panels.length > 0
      ? objects(dashboard.panels)
      : Array.isArray(dashboard.rows)
        ? (legacyRowsToPanels(dashboard.rows as JsonValue[]) as Json[])
        : [];
  const saved = topLevel.filter(isSaved);
  const keys = assignKeys(saved, keyOf);
  const placed = expandCollapsedRows(saved);
  const positioned = options.compact === false ? placed : compactVertically(placed);
  return positioned.map(({ panel, pos, collapsedRow }) => {
    const key = keys.get(panel)!;
    const type = typeof panel.type === 'string' ? panel.type : undefined;
    return {
      key,
      title: titleOf(panel, type),
      ...(type !== undefined ? { type } : {}),
      gridPos: pos,
      status: statuses.get(key) ?? 'unchanged',
      ...(collapsedRow ? { collapsedRow: true } : {}),
    };
  });
}

interface Placed {
  readonly panel: Json;
  pos: LayoutGridPos;
  readonly collapsedRow: boolean;
}

function unwrap(json: unknown): Json | undefined {
  if (!isObject(json)) return undefined;
  if (json.panels === undefined && json.rows === undefined && isObject(json.dashboard)) return json.dashboard;
  return json;
}

function defaultKey(panel: Json): string {
  if (typeof panel.id === 'number') return String(panel.id);
  if (typeof panel.title === 'string' && panel.title !== '') return `title:${panel.title}`;
  const library = isObject(panel.libraryPanel) ? panel.libraryPanel : undefined;
  return `title:${library && typeof library.name === 'string' ? library.name : ''}`;
}

/** Keys in document order, rows' children right after their row, duplicates suffixed: as the diff assigns them. */
function assignKeys(panels: readonly Json[], keyOf: NonNullable<LayoutFromDashboardOptions['keyOf']>): Map<Json, string> {
  const keys = new Map<Json, string>();
  const seen = new Map<string, number>();
  let index = 0;
  const assign = (panel: Json): void => {
    let key = keyOf(panel, index++);
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    if (count > 0) key = `${key}#${count + 1}`;
    keys.set(panel, key);
  };
  for (const panel of panels) {
    assign(panel);
    if (panel.type === 'row') for (const child of objects(panel.panels).filter(isSaved)) assign(child);
  }
  return keys;
}

function titleOf(panel: Json, type: string | undefined): string {
  if (typeof panel.title === 'string' && panel.title.trim() !== '') return panel.title;
  const library = isObject(panel.libraryPanel) ? panel.libraryPanel : undefined;
  if (library && typeof library.name === 'string' && library.name !== '') return library.name;
  // No title: name it by id (and library uid), as the diff's summaries do, so pictures and legends match the text.
  const id = typeof panel.id === 'number' ? `id ${panel.id}` : '';
  if (library) return `(library panel${[id, typeof library.uid === 'string' ? `library uid ${library.uid}` : ''].filter(Boolean).map((t) => ` ${t}`).join(',')})`;
  return type === 'row' ? '(row)' : `(untitled${type ? ` ${type}` : ''}${id ? `, ${id}` : ''})`;
}

/** Repeat clones (`repeatPanelId`, `repeatedByRow`) are runtime copies Grafana itself leaves out of the save model. */
function isSaved(panel: Json): boolean {
  return panel.repeatPanelId === undefined && panel.repeatedByRow === undefined && panel.repeatIteration === undefined;
}

/**
 * Lays out collapsed rows' children below their row and pushes later panels down, the way Grafana's
 * DashboardModel.toggleRow expands a row: children keep their offsets relative to the first child.
 */
function expandCollapsedRows(panels: readonly Json[]): Placed[] {
  const ordered = panels
    .map((panel, i) => ({ panel, pos: gridPosOf(panel), i }))
    .sort((a, b) => a.pos.y - b.pos.y || a.pos.x - b.pos.x || a.i - b.i);
  const out: Placed[] = [];
  let shift = 0;
  for (const { panel, pos } of ordered) {
    const rowPos = { ...pos, y: pos.y + shift };
    const collapsed = panel.type === 'row' && panel.collapsed === true;
    out.push({ panel, pos: rowPos, collapsedRow: collapsed });
    const children = collapsed ? objects(panel.panels).filter(isSaved) : [];
    if (children.length === 0) continue;
    const firstY = gridPosOf(children[0]!).y;
    const yDiff = firstY - (pos.y + pos.h);
    let bottom = rowPos.y + rowPos.h;
    for (const child of children) {
      const childPos = gridPosOf(child);
      const y = childPos.y - yDiff + shift;
      out.push({ panel: child, pos: { ...childPos, y }, collapsedRow: true });
      bottom = Math.max(bottom, y + childPos.h);
    }
    shift += bottom - (rowPos.y + rowPos.h);
  }
  return out;
}

/**
 * react-grid-layout's vertical compaction as Grafana uses it: in top-to-bottom order each item rises until it
 * touches an item above that overlaps it horizontally. Items are placed in order, so that item is the lowest
 * bottom among the placed ones it overlaps.
 */
function compactVertically(items: readonly Placed[]): Placed[] {
  const order = items.map((item, i) => ({ item, i })).sort((a, b) => a.item.pos.y - b.item.pos.y || a.item.pos.x - b.item.pos.x || a.i - b.i);
  const placed: Placed[] = [];
  for (const { item } of order) {
    let y = 0;
    for (const other of placed) {
      if (other.pos.x < item.pos.x + item.pos.w && item.pos.x < other.pos.x + other.pos.w) y = Math.max(y, other.pos.y + other.pos.h);
    }
    // Rising stops at that bottom; an item overlapping it at its saved place is pushed down to it: the same y.
    placed.push({ ...item, pos: { ...item.pos, y } });
  }
  // Reading order of the result, so callers see panels top to bottom, left to right.
  return placed.map((item, i) => ({ item, i })).sort((a, b) => a.item.pos.y - b.item.pos.y || a.item.pos.x - b.item.pos.x || a.i - b.i).map(({ item }) => item);
}

function gridPosOf(panel: Json): LayoutGridPos {
  const g = isObject(panel.gridPos) ? panel.gridPos : {};
  const n = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
  const x = Math.min(COLUMNS - 1, Math.max(0, n(g.x, DEFAULT_POS.x)));
  return {
    x,
    y: Math.max(0, n(g.y, DEFAULT_POS.y)),
    w: Math.min(COLUMNS - x, Math.max(1, n(g.w, DEFAULT_POS.w))),
    h: Math.max(1, n(g.h, DEFAULT_POS.h)),
  };
}

function objects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
