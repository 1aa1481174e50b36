import type { JsonObject, JsonValue } from '../model/index.js';
import { isJsonObject } from './json.js';

/*
 * Converts the pre-schemaVersion-16 layout (`rows[]`, each with `panels[]` sized by `span` out of 12 and a pixel
 * `height`) to the grid layout (`panels[]` with `gridPos` on 24 columns), following Grafana's own
 * `DashboardMigrator.upgradeToGridLayout` (public/app/features/dashboard/state/DashboardMigrator.ts):
 * row panels are added when any row is collapsed, repeated or shows its title; collapsed rows hold their panels;
 * grid height = ceil(px / (GRID_CELL_HEIGHT 30 + GRID_CELL_VMARGIN 8)), at least MIN_PANEL_HEIGHT 90 px;
 * default row height 250 px, default span 4; repeated row clones (`repeatIteration`) are skipped.
 * Placement is a simplified left-to-right flow (Grafana packs into free columns), which gives the same positions for
 * the usual rows of panels whose spans add up to 12. Row panels get `h: 1`: the migrator gives them the row's
 * height, but the grid lays rows out (and saves them) one unit high, so that is what a re-saved copy holds.
 */
const GRID_COLUMNS = 24;
const CELL_HEIGHT = 30;
const CELL_VMARGIN = 8;
const MIN_PANEL_HEIGHT_PX = CELL_HEIGHT * 3;
const DEFAULT_ROW_HEIGHT_PX = 250;
const DEFAULT_PANEL_SPAN = 4;

function gridHeight(height: JsonValue | undefined, fallbackPx: number): number {
  let px = fallbackPx;
  if (typeof height === 'number') px = height;
  else if (typeof height === 'string') {
    const parsed = Number.parseInt(height.replace('px', ''), 10);
    if (Number.isFinite(parsed)) px = parsed;
  }
  return Math.ceil(Math.max(px, MIN_PANEL_HEIGHT_PX) / (CELL_HEIGHT + CELL_VMARGIN));
}

/** Grid `panels[]` built from legacy `rows[]`; ids for new row panels continue after the largest panel id. */
export function legacyRowsToPanels(rows: readonly JsonValue[]): JsonObject[] {
  const rowObjects = rows.filter(isJsonObject).filter((row) => !row.repeatIteration);
  const ids = rowObjects.flatMap((row) =>
    (Array.isArray(row.panels) ? row.panels : []).filter(isJsonObject).map((p) => (typeof p.id === 'number' ? p.id : 0)),
  );
  let nextRowId = Math.max(0, ...ids) + 1;
  const showRows = rowObjects.some((row) => Boolean(row.collapse) || Boolean(row.showTitle) || Boolean(row.repeat));
  const out: JsonObject[] = [];
  let y = 0;
  for (const row of rowObjects) {
    const rowHeight = gridHeight(row.height, DEFAULT_ROW_HEIGHT_PX);
    const collapsed = Boolean(row.collapse);
    let rowPanel: JsonObject | undefined;
    if (showRows) {
      rowPanel = { id: nextRowId++, type: 'row', title: typeof row.title === 'string' ? row.title : '', collapsed, panels: [], gridPos: { x: 0, y, w: GRID_COLUMNS, h: 1 } };
      if (row.repeat !== undefined && row.repeat !== null && row.repeat !== '') rowPanel.repeat = row.repeat;
      out.push(rowPanel);
      y += 1;
    }
    let x = 0;
    let lineY = y;
    let lineHeight = 0;
    for (const legacy of (Array.isArray(row.panels) ? row.panels : []).filter(isJsonObject)) {
      const span = typeof legacy.span === 'number' ? legacy.span : DEFAULT_PANEL_SPAN;
      const w = Math.max(1, Math.floor(span) * (GRID_COLUMNS / 12));
      const h = legacy.height !== undefined ? gridHeight(legacy.height, DEFAULT_ROW_HEIGHT_PX) : rowHeight;
      if (x + w > GRID_COLUMNS) {
        lineY += Math.max(lineHeight, rowHeight);
        x = 0;
        lineHeight = 0;
      }
      const { span: _span, height: _height, ...rest } = legacy;
      const panel: JsonObject = { ...rest, gridPos: { x, y: lineY, w, h } };
      x += w;
      lineHeight = Math.max(lineHeight, h);
      if (rowPanel && collapsed) (rowPanel.panels as JsonValue[]).push(panel);
      else out.push(panel);
    }
    if (!(rowPanel && collapsed)) y = lineY + Math.max(lineHeight, rowHeight);
  }
  return out;
}
