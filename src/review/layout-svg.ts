import { charsThatFit, escapeXml, num, truncateText } from './svg-text.js';

/**
 * The layout picture for a reviewer: one dashboard's 24-column grid before and after a change, side by side, each
 * panel drawn at its position with its title and coloured by what happened to it. Pure and deterministic: the
 * same input gives the same bytes (panels are drawn in a sorted order and numbers are formatted one way).
 */

export type LayoutStatus = 'added' | 'removed' | 'changed' | 'moved' | 'unchanged';

export interface LayoutGridPos {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface LayoutPanel {
  /** The key the diff matched the panel by (the panel id as a string for dashboards we generate). */
  readonly key: string;
  readonly title: string;
  /** Panel plugin id (`timeseries`, `stat`, `row`, ...): shown under the title when there is room. */
  readonly type?: string;
  /** Where to draw it, in Grafana grid units (24 columns). */
  readonly gridPos: LayoutGridPos;
  readonly status: LayoutStatus;
  /**
   * A panel: it sits inside a collapsed row, hidden in Grafana until the row is expanded. A row panel: the row is
   * collapsed. Drawn with a dashed edge (rows also get a ▸ instead of ▾).
   */
  readonly collapsedRow?: boolean;
}

export interface LayoutSvgInput {
  /** Dashboard title, shown as the heading. */
  readonly title: string;
  /** Panels on the base side; omitted when the dashboard is new. */
  readonly before?: readonly LayoutPanel[];
  /** Panels on the head side; omitted when the dashboard was removed. */
  readonly after?: readonly LayoutPanel[];
  /** @default 'Before' */
  readonly beforeLabel?: string;
  /** @default 'After' */
  readonly afterLabel?: string;
}

/** Fill colours per status (Grafana's own palette, so they read as Grafana's green / red / orange / blue). */
export const LAYOUT_STATUS_FILL: Readonly<Record<LayoutStatus, string>> = {
  added: '#73bf69',
  removed: '#f2495c',
  changed: '#ff9830',
  moved: '#5794f2',
  unchanged: '#dce1e8',
};

const STATUS_STROKE: Readonly<Record<LayoutStatus, string>> = {
  added: '#37872d',
  removed: '#c4162a',
  changed: '#c15c17',
  moved: '#1f60c4',
  unchanged: '#8e96a3',
};

const LEGEND_ORDER: readonly LayoutStatus[] = ['added', 'removed', 'changed', 'moved', 'unchanged'];

/** Pixel geometry. A Grafana grid row is 30 px tall and a column ~1/24 of the screen; 20x12 keeps that aspect. */
export const LAYOUT_GEOMETRY = {
  columns: 24,
  columnWidth: 20,
  rowHeight: 12,
  margin: 16,
  /** Space between the before and after grids. */
  gap: 32,
  /** y of the top edge of both grids. */
  gridTop: 64,
  legendHeight: 44,
} as const;

const G = LAYOUT_GEOMETRY;
const GRID_WIDTH = G.columns * G.columnWidth;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif";
const TEXT = '#1f2328';
const MUTED = '#59636e';

/** Where a side's grid starts horizontally. */
export function layoutSideOffset(side: 'before' | 'after'): number {
  return side === 'before' ? G.margin : G.margin + GRID_WIDTH + G.gap;
}

/** A panel's rectangle in SVG pixels, as drawn (inset by one pixel so neighbours keep a visible seam). */
export function layoutPanelRect(side: 'before' | 'after', gridPos: LayoutGridPos): { x: number; y: number; width: number; height: number } {
  const pos = clampGridPos(gridPos);
  return {
    x: layoutSideOffset(side) + pos.x * G.columnWidth + 1,
    y: G.gridTop + pos.y * G.rowHeight + 1,
    width: Math.max(1, pos.w * G.columnWidth - 2),
    height: Math.max(1, pos.h * G.rowHeight - 2),
  };
}

/** Renders the before/after picture as a standalone SVG document (ends with a newline). */
export function renderLayoutSvg(input: LayoutSvgInput): string {
  const before = input.before ? sortPanels(input.before) : undefined;
  const after = input.after ? sortPanels(input.after) : undefined;
  const gridRows = Math.max(4, bottomOf(before), bottomOf(after));
  const gridHeight = gridRows * G.rowHeight;
  const width = G.margin * 2 + GRID_WIDTH * 2 + G.gap;
  const legendTop = G.gridTop + gridHeight + 16;
  const height = legendTop + G.legendHeight;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="layout-title" font-family="${FONT}">`,
  );
  out.push(`<title id="layout-title">${escapeXml(`Layout of ${input.title}: before and after`)}</title>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(
    `<text x="${G.margin}" y="24" font-size="16" font-weight="600" fill="${TEXT}">${escapeXml(truncateText(input.title, charsThatFit(width - 2 * G.margin, 16)))}</text>`,
  );
  out.push(`<text x="${G.margin}" y="42" font-size="11" fill="${MUTED}">${escapeXml(summaryLine(before, after))}</text>`);
  out.push(...renderSide('before', input.beforeLabel ?? 'Before', before, gridHeight, 'not present: the dashboard is new'));
  out.push(...renderSide('after', input.afterLabel ?? 'After', after, gridHeight, 'not present: the dashboard was removed'));
  out.push(...renderLegend(legendTop));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function renderSide(
  side: 'before' | 'after',
  label: string,
  panels: readonly LayoutPanel[] | undefined,
  gridHeight: number,
  absentText: string,
): string[] {
  const x0 = layoutSideOffset(side);
  const out: string[] = [`<g id="${side}">`];
  const count = panels ? ` (${panels.filter((p) => p.type !== 'row').length} panels)` : '';
  out.push(`<text x="${x0}" y="58" font-size="12" font-weight="600" fill="${TEXT}">${escapeXml(truncateText(label + count, charsThatFit(GRID_WIDTH, 12)))}</text>`);
  out.push(`<rect x="${x0}" y="${G.gridTop}" width="${GRID_WIDTH}" height="${gridHeight}" fill="#f6f8fa" stroke="#d0d7de"/>`);
  if (!panels) {
    out.push(
      `<text x="${x0 + GRID_WIDTH / 2}" y="${G.gridTop + Math.min(gridHeight / 2, 40)}" font-size="12" fill="${MUTED}" text-anchor="middle">${escapeXml(absentText)}</text>`,
    );
    out.push('</g>');
    return out;
  }
  // Faint guides every 6 columns (quarters of the width), which is how Grafana users think about panel widths.
  for (let c = 6; c < G.columns; c += 6) {
    const gx = x0 + c * G.columnWidth;
    out.push(`<line x1="${gx}" y1="${G.gridTop}" x2="${gx}" y2="${G.gridTop + gridHeight}" stroke="#e6eaef"/>`);
  }
  for (const panel of panels) out.push(...renderPanel(side, panel));
  out.push('</g>');
  return out;
}

function renderPanel(side: 'before' | 'after', panel: LayoutPanel): string[] {
  const r = layoutPanelRect(side, panel.gridPos);
  const isRow = panel.type === 'row';
  const dash = panel.collapsedRow ? ' stroke-dasharray="4 3"' : '';
  const tooltip = `${panel.title || '(untitled)'}${panel.type ? ` [${panel.type}]` : ''}: ${panel.status}${panel.collapsedRow ? (isRow ? ' (collapsed row)' : ' (inside a collapsed row)') : ''}`;
  const out: string[] = [`<g data-key="${escapeXml(panel.key)}" data-status="${panel.status}">`, `<title>${escapeXml(tooltip)}</title>`];
  out.push(
    `<rect x="${num(r.x)}" y="${num(r.y)}" width="${num(r.width)}" height="${num(r.height)}" rx="2" fill="${LAYOUT_STATUS_FILL[panel.status]}" stroke="${STATUS_STROKE[panel.status]}"${dash}/>`,
  );
  const pad = 4;
  const fontSize = isRow || r.height < 14 ? 9 : 11;
  const maxChars = charsThatFit(r.width - 2 * pad, fontSize);
  const title = truncateText(isRow ? `${panel.collapsedRow ? '▸' : '▾'} ${panel.title}` : panel.title, maxChars);
  if (title && r.height >= 9) {
    // Rows and very short panels centre their title vertically; others put it on top, leaving the centre to colour.
    const baseline = r.height < 24 ? r.y + r.height / 2 + fontSize * 0.35 : r.y + pad + fontSize;
    const weight = isRow ? ' font-weight="600"' : '';
    out.push(`<text x="${num(r.x + pad)}" y="${num(baseline)}" font-size="${fontSize}"${weight} fill="${TEXT}">${escapeXml(title)}</text>`);
  }
  if (!isRow && panel.type && r.height >= 70) {
    const type = truncateText(panel.type, charsThatFit(r.width - 2 * pad, 9));
    if (type) out.push(`<text x="${num(r.x + pad)}" y="${num(r.y + pad + 11 + 12)}" font-size="9" fill="${MUTED}">${escapeXml(type)}</text>`);
  }
  if (!isRow && panel.status !== 'unchanged' && r.height >= 34) {
    // The status in words as well as colour, for readers who cannot tell the colours apart.
    const word = truncateText(panel.status, charsThatFit(r.width - 2 * pad, 9));
    if (word) out.push(`<text x="${num(r.x + pad)}" y="${num(r.y + r.height - pad)}" font-size="9" font-style="italic" fill="${TEXT}">${escapeXml(word)}</text>`);
  }
  out.push('</g>');
  return out;
}

function renderLegend(top: number): string[] {
  const out: string[] = ['<g id="legend">'];
  let x = G.margin;
  for (const status of LEGEND_ORDER) {
    out.push(`<rect x="${x}" y="${top}" width="12" height="12" rx="2" fill="${LAYOUT_STATUS_FILL[status]}" stroke="${STATUS_STROKE[status]}"/>`);
    out.push(`<text x="${x + 17}" y="${top + 10}" font-size="11" fill="${TEXT}">${status}</text>`);
    x += 17 + status.length * 7 + 18;
  }
  out.push(`<rect x="${x}" y="${top}" width="12" height="12" rx="2" fill="#ffffff" stroke="${STATUS_STROKE.unchanged}" stroke-dasharray="4 3"/>`);
  out.push(`<text x="${x + 17}" y="${top + 10}" font-size="11" fill="${TEXT}">inside a collapsed row</text>`);
  out.push(
    `<text x="${G.margin}" y="${top + 30}" font-size="10" fill="${MUTED}">Grafana grid, 24 columns wide. Collapsed rows are drawn expanded; their panels have a dashed edge.</text>`,
  );
  out.push('</g>');
  return out;
}

function summaryLine(before: readonly LayoutPanel[] | undefined, after: readonly LayoutPanel[] | undefined): string {
  const counts = new Map<LayoutStatus, number>();
  const add = (s: LayoutStatus): void => void counts.set(s, (counts.get(s) ?? 0) + 1);
  // Removed panels exist only before; everything else is counted on the after side.
  for (const p of before ?? []) if (p.status === 'removed') add('removed');
  for (const p of after ?? []) if (p.status !== 'removed') add(p.status);
  const parts = LEGEND_ORDER.filter((s) => s !== 'unchanged' && counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
  return parts.length > 0 ? parts.join(', ') : 'no panel changes';
}

/** Grafana-valid grid position: inside the 24 columns, at least one unit big; junk becomes Grafana's default 12x8. */
function clampGridPos(pos: LayoutGridPos): LayoutGridPos {
  const finite = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
  const x = Math.min(G.columns - 1, Math.max(0, finite(pos.x, 0)));
  const w = Math.min(G.columns - x, Math.max(1, finite(pos.w, 12)));
  const y = Math.max(0, finite(pos.y, 0));
  const h = Math.max(1, finite(pos.h, 8));
  return { x, y, w, h };
}

function bottomOf(panels: readonly LayoutPanel[] | undefined): number {
  let bottom = 0;
  for (const p of panels ?? []) {
    const pos = clampGridPos(p.gridPos);
    bottom = Math.max(bottom, pos.y + pos.h);
  }
  return Math.ceil(bottom);
}

/** Top to bottom, left to right, then by key: a fixed draw order whatever order the caller passed. */
function sortPanels(panels: readonly LayoutPanel[]): LayoutPanel[] {
  return [...panels].sort((a, b) => {
    const pa = clampGridPos(a.gridPos);
    const pb = clampGridPos(b.gridPos);
    return pa.y - pb.y || pa.x - pb.x || compareStrings(a.key, b.key) || compareStrings(a.title, b.title) || compareStrings(a.status, b.status);
  });
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
