import { describe, expect, it } from 'vitest';
import { renderGridSketch, type LayoutPanel } from '../../src/review/index.js';

/** `n` small panels, four per grid row (w 6, h 2), so 62+ panels fit in the sketch's height or run past it. */
function panels(n: number, status: (i: number) => LayoutPanel['status'] = () => 'unchanged', h = 2): LayoutPanel[] {
  return Array.from({ length: n }, (_, i) => ({
    key: String(i + 1), title: `P${i + 1}`, type: 'stat', status: status(i),
    gridPos: { x: (i % 4) * 6, y: Math.floor(i / 4) * h, w: 6, h },
  }));
}

describe('grid sketch', () => {
  it('up to 62 panels: each gets its own letter, in the grid and the legend, and no "#"', () => {
    const sketch = renderGridSketch(panels(62));
    expect(sketch.legend).toHaveLength(62);
    const letters = sketch.legend.map((l) => l.split(' ')[0]);
    expect(new Set(letters).size).toBe(62);
    for (const letter of letters) expect(sketch.grid).toContain(letter);
    expect(sketch.legend.join('\n')).not.toMatch(/^#/m);
  });

  it('more than 62 panels: no "#" marks, a clear overflow line, and every changed panel past it still named', () => {
    const sketch = renderGridSketch(panels(80, (i) => (i === 70 ? 'changed' : i === 75 ? 'removed' : 'unchanged')));
    expect(sketch.legend.filter((l) => /^[A-Za-z0-9] /.test(l))).toHaveLength(62);
    expect(sketch.grid).not.toContain('#');
    expect(sketch.legend.join('\n')).not.toMatch(/^# /m);
    expect(sketch.legend).toContain('… 18 more panels without a letter (the sketch labels 62 and 60 lines), of which changed:');
    expect(sketch.legend.slice(-2)).toEqual(['  "P71" [changed]', '  "P76" [removed]']);
    // The unlettered panels are still drawn with their status fill.
    expect(sketch.grid).toContain('~');
  });

  it('panels that start below the cut get no letter (the grid stops, the legend does not run on)', () => {
    // 80 panels of height 8 (4 lines each), four a row: 20 rows, 80 lines, cut at 60.
    const sketch = renderGridSketch(panels(80, (i) => (i === 79 ? 'added' : 'unchanged'), 8));
    expect(sketch.grid).toMatch(/… \d+ more lines$/);
    const lettered = sketch.legend.filter((l) => /^[A-Za-z0-9] /.test(l));
    for (const line of lettered) expect(sketch.grid).toContain(line.split(' ')[0]);
    expect(sketch.legend.at(-1)).toBe('  "P80" [added]');
  });
});

describe('layout panels of untitled panels', () => {
  it('an untitled library panel is named by id and library uid in pictures and sketch legends, never ""', async () => {
    const { layoutPanelsFromDashboard } = await import('../../src/review/svg-dashboard-panels.js');
    const panels = layoutPanelsFromDashboard({ panels: [
      { id: 7, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lib-cpu' } },
      { id: 8, type: 'stat', gridPos: { x: 12, y: 0, w: 12, h: 8 } },
    ] }, new Map());
    expect(panels.map((p) => p.title)).toEqual(['(library panel id 7, library uid lib-cpu)', '(untitled stat, id 8)']);
    expect(renderGridSketch(panels).legend.join('\n')).not.toContain('""');
  });
});
