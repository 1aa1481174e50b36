import type { LayoutPanel, LayoutStatus } from './layout-svg.js';

/**
 * A compact text sketch of a dashboard grid for PR comments and terminals: one character per grid column (24 wide),
 * about one line per two grid rows (row headers get one line). Each panel is filled with its status character and labelled with a letter in its
 * top-left cell; a legend names the letters. Changed panels stand out without colour.
 */
export const SKETCH_FILL: Readonly<Record<LayoutStatus, string>> = {
  unchanged: '.',
  changed: '~',
  added: '+',
  removed: '-',
  moved: '>',
};

const LABELS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const COLUMNS = 24;
/** Sketches taller than this are cut (a note says how many lines were left out). */
const MAX_LINES = 60;

export interface GridSketch {
  readonly grid: string;
  readonly legend: readonly string[];
}

/**
 * Grid rows to sketch lines: the grid is cut at every panel's top and bottom, and each slice gets half its height
 * in lines (at least one), so a 1-unit row header gets its own line and an 8-unit panel four.
 */
function lineMap(panels: readonly LayoutPanel[]): (y: number) => number {
  const cuts = [...new Set(panels.flatMap((p) => [p.gridPos.y, p.gridPos.y + p.gridPos.h]))].sort((a, b) => a - b);
  const starts = new Map<number, number>();
  let line = 0;
  cuts.forEach((y, i) => {
    starts.set(y, line);
    const next = cuts[i + 1];
    if (next !== undefined) line += Math.max(1, Math.round((next - y) / 2));
  });
  return (y) => starts.get(y) ?? 0;
}

export function renderGridSketch(panels: readonly LayoutPanel[]): GridSketch {
  const drawn = panels.filter((p) => p.gridPos.w > 0 && p.gridPos.h > 0);
  const lineOf = lineMap(drawn);
  const lineCount = Math.max(0, ...drawn.map((p) => lineOf(p.gridPos.y + p.gridPos.h)));
  const lines = Array.from({ length: lineCount }, () => Array.from({ length: COLUMNS }, () => ' '));
  const legend: string[] = [];
  // Panels that get no letter: past the last letter, or starting below the cut (their letter would not show).
  const unlabelled: LayoutPanel[] = [];
  const name = (panel: LayoutPanel) => `${panel.type === 'row' ? 'row ' : ''}"${panel.title}"${panel.status === 'unchanged' ? '' : ` [${panel.status}]`}`;
  for (const panel of drawn) {
    const top = lineOf(panel.gridPos.y);
    const last = Math.max(top, lineOf(panel.gridPos.y + panel.gridPos.h) - 1);
    const left = Math.max(0, Math.min(COLUMNS - 1, panel.gridPos.x));
    const right = Math.max(left, Math.min(COLUMNS, panel.gridPos.x + panel.gridPos.w) - 1);
    const fill = panel.type === 'row' ? '=' : SKETCH_FILL[panel.status];
    for (let line = top; line <= last; line++) {
      for (let col = left; col <= right; col++) lines[line]![col] = fill;
    }
    const label = top < MAX_LINES ? LABELS[legend.length] : undefined;
    if (label === undefined) {
      unlabelled.push(panel);
      continue;
    }
    lines[top]![left] = label;
    legend.push(`${label} ${name(panel)}`);
  }
  if (unlabelled.length > 0) {
    // Say how many, and still name every panel that changed: a reviewer must not lose one to the overflow.
    const changed = unlabelled.filter((p) => p.status !== 'unchanged');
    legend.push(`… ${unlabelled.length} more panel${unlabelled.length === 1 ? '' : 's'} without a letter (the sketch labels ${LABELS.length} and ${MAX_LINES} lines)${changed.length > 0 ? ', of which changed:' : ''}`);
    for (const panel of changed) legend.push(`  ${name(panel)}`);
  }
  const text = lines.map((l) => `|${l.join('')}|`);
  const cut = text.length > MAX_LINES ? [...text.slice(0, MAX_LINES), `… ${text.length - MAX_LINES} more lines`] : text;
  return { grid: cut.join('\n'), legend };
}
