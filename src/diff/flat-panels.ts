import type { JsonObject } from '../model/index.js';
import { isJsonObject } from '../normalise/index.js';

/** A panel with its place in the dashboard: rows flattened, membership kept. */
export interface FlatPanel {
  /** Panel id as a string; `title:<title>` for panels without an id. */
  readonly key: string;
  readonly id?: number;
  readonly title: string;
  readonly type: string;
  readonly gridPos: { x: number; y: number; w: number; h: number };
  /** Title of the row the panel sits in (open rows: the last row above it; collapsed rows: its parent). */
  readonly row?: string;
  /** The panel sits inside a collapsed row. */
  readonly inCollapsedRow: boolean;
  readonly isRow: boolean;
  /** The normalised panel JSON (row panels without their `panels`). */
  readonly panel: JsonObject;
}

function titleOf(panel: JsonObject): string {
  if (typeof panel.title === 'string' && panel.title !== '') return panel.title;
  if (isJsonObject(panel.libraryPanel) && typeof panel.libraryPanel.name === 'string') return panel.libraryPanel.name;
  return '';
}

function flat(panel: JsonObject, row: string | undefined, inCollapsedRow: boolean, seen: Map<string, number>): FlatPanel {
  const pos = panel.gridPos as JsonObject;
  const title = titleOf(panel);
  let key = typeof panel.id === 'number' ? String(panel.id) : `title:${title}`;
  const count = seen.get(key) ?? 0;
  seen.set(key, count + 1);
  if (count > 0) key = `${key}#${count + 1}`; // duplicate ids in hand-made dashboards must not collapse panels
  const { panels: _children, ...rest } = panel;
  return {
    key,
    ...(typeof panel.id === 'number' ? { id: panel.id } : {}),
    title,
    type: typeof panel.type === 'string' ? panel.type : isJsonObject(panel.libraryPanel) ? 'library-panel' : '',
    gridPos: { x: Number(pos.x), y: Number(pos.y), w: Number(pos.w), h: Number(pos.h) },
    ...(row !== undefined ? { row } : {}),
    inCollapsedRow,
    isRow: panel.type === 'row',
    panel: rest,
  };
}

/** Every panel of a normalised dashboard, rows included, children of collapsed rows after their row. */
export function flattenPanels(dashboard: JsonObject): FlatPanel[] {
  const out: FlatPanel[] = [];
  const seen = new Map<string, number>();
  let currentRow: string | undefined;
  for (const panel of Array.isArray(dashboard.panels) ? dashboard.panels.filter(isJsonObject) : []) {
    if (panel.type === 'row') {
      currentRow = titleOf(panel);
      out.push(flat(panel, undefined, false, seen));
      const children = Array.isArray(panel.panels) ? panel.panels.filter(isJsonObject) : [];
      for (const child of children) out.push(flat(child, currentRow, panel.collapsed === true, seen));
      continue;
    }
    out.push(flat(panel, currentRow, false, seen));
  }
  return out;
}
