import { describe, expect, it } from 'vitest';
import { legacyRowsToPanels } from '../../src/normalise/index.js';

/** Expected positions follow Grafana's DashboardMigrator.upgradeToGridLayout (schemaVersion 16). */
describe('legacyRowsToPanels', () => {
  it('without titled, collapsed or repeated rows adds no row panels and stacks rows by their height', () => {
    const panels = legacyRowsToPanels([
      { height: '200px', panels: [{ id: 1, span: 6 }, { id: 2, span: 6 }] },
      { panels: [{ id: 3 }] },
    ]);
    expect(panels.map((p) => [p.id, p.type ?? null, p.gridPos])).toEqual([
      [1, null, { x: 0, y: 0, w: 12, h: 6 }],   // ceil(200 / 38) = 6
      [2, null, { x: 12, y: 0, w: 12, h: 6 }],
      [3, null, { x: 0, y: 6, w: 8, h: 7 }],    // default span 4 -> w 8; default row height 250px -> 7
    ]);
    expect(panels[0]).not.toHaveProperty('span');
  });

  it('wraps panels whose spans exceed 12, and puts a collapsed row\'s panels inside its row panel', () => {
    const panels = legacyRowsToPanels([
      { title: 'A', showTitle: true, height: 150, panels: [{ id: 1, span: 8 }, { id: 2, span: 8 }] },
      { title: 'B', collapse: true, panels: [{ id: 3, span: 12, height: '60px' }] },
      { title: 'A', repeatIteration: 123, panels: [{ id: 9, span: 12 }] },
    ]);
    expect(panels.map((p) => [p.id, p.type ?? null, p.gridPos])).toEqual([
      [4, 'row', { x: 0, y: 0, w: 24, h: 1 }],
      [1, null, { x: 0, y: 1, w: 16, h: 4 }],   // 150px -> ceil(150 / 38) = 4
      [2, null, { x: 0, y: 5, w: 16, h: 4 }],   // 8 + 8 > 12: next line
      [5, 'row', { x: 0, y: 9, w: 24, h: 1 }],
    ]);
    expect(panels[3]!.collapsed).toBe(true);
    // Heights below 90px are raised to MIN_PANEL_HEIGHT: ceil(90 / 38) = 3.
    expect(panels[3]!.panels).toEqual([{ id: 3, gridPos: { x: 0, y: 10, w: 24, h: 3 } }]);
  });
});
