import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  LAYOUT_STATUS_FILL,
  layoutPanelRect,
  renderLayoutSvg,
  type LayoutPanel,
  type LayoutStatus,
} from '../../src/review/layout-svg.js';
import { compareDashboards, flattenPanels } from '../../src/diff/index.js';
import { normaliseDashboard } from '../../src/normalise/index.js';
import { layoutPanelsFromDashboard } from '../../src/review/svg-dashboard-panels.js';
import { colourDistance, findChromium, hexToRgb, pixelAt, screenshotSvg } from '../support/chromium.js';

const panel = (key: string, status: LayoutStatus, x: number, y: number, w: number, h: number, title = `Panel ${key}`): LayoutPanel => ({
  key,
  title,
  type: 'timeseries',
  gridPos: { x, y, w, h },
  status,
});

/** A before/after pair with one panel of every status. */
const BEFORE: LayoutPanel[] = [
  panel('1', 'unchanged', 0, 0, 12, 8, 'Degradation level'),
  panel('2', 'changed', 12, 0, 12, 8, 'Consumer lag'),
  panel('3', 'removed', 0, 8, 8, 8, 'Old panel'),
  panel('4', 'moved', 8, 8, 8, 8, 'Shed by tier'),
];
const AFTER: LayoutPanel[] = [
  panel('1', 'unchanged', 0, 0, 12, 8, 'Degradation level'),
  panel('2', 'changed', 12, 0, 12, 8, 'Consumer lag'),
  panel('4', 'moved', 16, 8, 8, 8, 'Shed by tier'),
  panel('5', 'added', 0, 8, 16, 8, 'Circuit breaker <state> & "name"'),
];

/** Rect elements drawn for panels (the ones inside a data-key group), as attribute maps. */
function panelRects(svg: string): Array<{ key: string; status: string; fill: string; x: number; y: number; width: number; height: number }> {
  const out = [];
  for (const m of svg.matchAll(/<g data-key="([^"]*)" data-status="([^"]*)">\n<title>[^<]*<\/title>\n<rect ([^>]*)\/>/g)) {
    const attr = (name: string): string => new RegExp(`\\b${name}="([^"]*)"`).exec(m[3]!)![1]!;
    out.push({ key: m[1]!, status: m[2]!, fill: attr('fill'), x: Number(attr('x')), y: Number(attr('y')), width: Number(attr('width')), height: Number(attr('height')) });
  }
  return out;
}

describe('renderLayoutSvg', () => {
  it('is deterministic: same input, same bytes, whatever order the panels come in', () => {
    const a = renderLayoutSvg({ title: 'K2', before: BEFORE, after: AFTER });
    const b = renderLayoutSvg({ title: 'K2', before: [...BEFORE].reverse(), after: [...AFTER].reverse() });
    expect(b).toBe(a);
    expect(a.endsWith('</svg>\n')).toBe(true);
  });

  it('fills each panel with its status colour, the colours all distinct', () => {
    const fills = Object.values(LAYOUT_STATUS_FILL);
    expect(new Set(fills).size).toBe(fills.length);
    const rects = panelRects(renderLayoutSvg({ title: 'K2', before: BEFORE, after: AFTER }));
    expect(rects).toHaveLength(BEFORE.length + AFTER.length);
    for (const r of rects) expect(r.fill, `panel ${r.key}`).toBe(LAYOUT_STATUS_FILL[r.status as LayoutStatus]);
  });

  it('draws panels at their grid positions, after to the right of before', () => {
    const rects = panelRects(renderLayoutSvg({ title: 'K2', before: BEFORE, after: AFTER }));
    const moved = rects.filter((r) => r.key === '4');
    expect(moved).toHaveLength(2);
    const [before, after] = moved;
    expect(after!.x).toBeGreaterThan(before!.x);
    // Same size on both sides, and the width is 8 of 24 columns of one side's grid.
    expect(after!.width).toBe(before!.width);
    const full = layoutPanelRect('before', { x: 0, y: 0, w: 24, h: 1 });
    expect((before!.width + 2) / (full.width + 2)).toBeCloseTo(8 / 24, 5);
    expect(before).toMatchObject(layoutPanelRect('before', { x: 8, y: 8, w: 8, h: 8 }));
    expect(after).toMatchObject(layoutPanelRect('after', { x: 16, y: 8, w: 8, h: 8 }));
  });

  it('escapes titles and drops characters XML forbids', () => {
    const svg = renderLayoutSvg({ title: 'Dash <b>&</b>', after: [panel('1', 'added', 0, 0, 24, 8, 'Lag <script>alert("x")</script> & \u0001more')] });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('\u0001');
    expect(svg).toContain('Lag &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(svg).toContain('Dash &lt;b&gt;&amp;&lt;/b&gt;');
  });

  it('truncates a title that does not fit its panel, with an ellipsis, keeping the full title in the tooltip', () => {
    const long = 'Messages shed per second by symbol tier and reason, stacked';
    const svg = renderLayoutSvg({ title: 'K2', after: [panel('1', 'changed', 0, 0, 4, 8, long)] });
    const group = svg.slice(svg.indexOf('<g data-key="1"'));
    const shown = /<text [^>]*font-size="11" fill="[^"]*">([^<]*)<\/text>/.exec(group)![1]!;
    expect(shown.endsWith('…')).toBe(true);
    expect(shown.length).toBeLessThan(long.length);
    expect(long.startsWith(shown.slice(0, -1))).toBe(true);
    expect(svg).toContain(`<title>${long} [timeseries]: changed</title>`);
  });

  it('has a legend naming every status', () => {
    const svg = renderLayoutSvg({ title: 'K2', before: BEFORE, after: AFTER });
    const legend = svg.slice(svg.indexOf('<g id="legend">'));
    for (const status of Object.keys(LAYOUT_STATUS_FILL)) expect(legend).toContain(`>${status}</text>`);
    expect(svg).toContain('1 added, 1 removed, 1 changed, 1 moved');
  });

  it('says so when one side does not exist (new or removed dashboard)', () => {
    const created = renderLayoutSvg({ title: 'New', after: AFTER });
    expect(created).toContain('not present: the dashboard is new');
    expect(panelRects(created)).toHaveLength(AFTER.length);
    const removed = renderLayoutSvg({ title: 'Gone', before: BEFORE });
    expect(removed).toContain('not present: the dashboard was removed');
  });

  it('keeps junk grid positions inside the grid', () => {
    const svg = renderLayoutSvg({ title: 'K2', after: [panel('1', 'added', 30, -5, 50, Number.NaN)] });
    const [r] = panelRects(svg);
    const full = layoutPanelRect('after', { x: 0, y: 0, w: 24, h: 8 });
    expect(r!.x + r!.width).toBeLessThanOrEqual(full.x + full.width);
    expect(r!.y).toBeGreaterThanOrEqual(full.y);
  });
});

describe('layoutPanelsFromDashboard', () => {
  it('flattens open and collapsed rows, expanding collapsed ones and pushing later panels down', () => {
    const dashboard = {
      panels: [
        { id: 1, type: 'stat', title: 'Level', gridPos: { x: 0, y: 0, w: 24, h: 4 } },
        {
          id: 10,
          type: 'row',
          title: 'Shedding',
          collapsed: true,
          gridPos: { x: 0, y: 4, w: 24, h: 1 },
          // Children keep the positions they had when the row was last open (here: 20 rows further down).
          panels: [
            { id: 11, type: 'timeseries', title: 'Shed', gridPos: { x: 0, y: 25, w: 12, h: 6 } },
            { id: 12, type: 'timeseries', title: 'Ratio', gridPos: { x: 12, y: 25, w: 12, h: 6 } },
          ],
        },
        { id: 20, type: 'row', title: 'Connection', collapsed: false, gridPos: { x: 0, y: 5, w: 24, h: 1 } },
        { id: 21, type: 'stat', title: 'Status', gridPos: { x: 0, y: 6, w: 8, h: 4 } },
      ],
    };
    const panels = layoutPanelsFromDashboard(dashboard, new Map([['12', 'changed']]));
    const byKey = new Map(panels.map((p) => [p.key, p]));
    expect([...byKey.keys()].sort()).toEqual(['1', '10', '11', '12', '20', '21']);
    expect(byKey.get('11')).toMatchObject({ gridPos: { x: 0, y: 5, w: 12, h: 6 }, collapsedRow: true, status: 'unchanged' });
    expect(byKey.get('12')).toMatchObject({ gridPos: { x: 12, y: 5 }, collapsedRow: true, status: 'changed' });
    expect(byKey.get('20')!.gridPos.y).toBe(11);
    expect(byKey.get('21')!.gridPos.y).toBe(12);
    expect(byKey.get('21')!.collapsedRow).toBeUndefined();
    // The collapsed row itself is marked too (drawn dashed, with ▸); the open one is not.
    expect(byKey.get('10')!.collapsedRow).toBe(true);
    expect(byKey.get('20')!.collapsedRow).toBeUndefined();
    const svg = renderLayoutSvg({ title: 'Rows', after: panels });
    expect(svg).toContain('>▸ Shedding</text>');
    expect(svg).toContain('>▾ Connection</text>');
  });

  it('converts the legacy rows[] layout (spans of 12, heights in px)', () => {
    const legacy = {
      schemaVersion: 14,
      rows: [
        { title: 'Overview', showTitle: true, height: '250px', panels: [{ id: 1, title: 'A', span: 6 }, { id: 2, title: 'B', span: 6 }, { id: 3, title: 'C', span: 12, height: 150 }] },
        { title: 'Details', collapse: true, panels: [{ id: 4, title: 'D', span: 4 }] },
      ],
    };
    const panels = layoutPanelsFromDashboard(legacy);
    const pos = Object.fromEntries(panels.map((p) => [p.title, p.gridPos]));
    expect(pos.Overview).toEqual({ x: 0, y: 0, w: 24, h: 1 });
    // 250px / (30 + 8) -> 7 grid rows; span 6 -> 12 columns.
    expect(pos.A).toEqual({ x: 0, y: 1, w: 12, h: 7 });
    expect(pos.B).toEqual({ x: 12, y: 1, w: 12, h: 7 });
    expect(pos.C).toEqual({ x: 0, y: 8, w: 24, h: 4 });
    expect(pos.Details).toEqual({ x: 0, y: 12, w: 24, h: 1 });
    expect(pos.D).toEqual({ x: 0, y: 13, w: 8, h: 7 });
    expect(panels.find((p) => p.title === 'D')!.collapsedRow).toBe(true);
  });

  it('names library panels, skips repeat clones, unwraps an API envelope and floats gaps up like Grafana', () => {
    const envelope = {
      meta: { version: 3 },
      dashboard: {
        panels: [
          { id: 7, libraryPanel: { uid: 'lib-1', name: 'Shared lag panel' }, gridPos: { x: 0, y: 10, w: 12, h: 8 } },
          { libraryPanel: { uid: 'lib-2', name: 'No id' }, gridPos: { x: 12, y: 0, w: 12, h: 8 } },
          { id: 8, type: 'stat', title: 'Per $symbol', repeat: 'symbol', gridPos: { x: 0, y: 30, w: 12, h: 4 } },
          { id: 9, type: 'stat', title: 'Per $symbol', repeatPanelId: 8, gridPos: { x: 12, y: 30, w: 12, h: 4 } },
        ],
      },
    };
    const panels = layoutPanelsFromDashboard(envelope);
    expect(panels.map((p) => [p.key, p.title, p.gridPos.y])).toEqual([
      ['7', 'Shared lag panel', 0],
      ['title:No id', 'No id', 0],
      ['8', 'Per $symbol', 8],
    ]);
  });

  it('returns no panels for things that are not dashboards, and lays out panels without gridPos at the default', () => {
    expect(layoutPanelsFromDashboard(null)).toEqual([]);
    expect(layoutPanelsFromDashboard('dashboard')).toEqual([]);
    expect(layoutPanelsFromDashboard({ panels: 'nope' })).toEqual([]);
    const [p] = layoutPanelsFromDashboard({ panels: [{ type: 'text' }] });
    expect(p).toMatchObject({ key: 'title:', title: '(untitled text)', gridPos: { x: 0, y: 0, w: 12, h: 8 } });
    // Duplicate ids in hand-made dashboards stay two panels, keyed as the diff keys them.
    const twins = layoutPanelsFromDashboard({ panels: [{ id: 3, title: 'A', gridPos: { x: 0, y: 0, w: 12, h: 4 } }, { id: 3, title: 'B', gridPos: { x: 12, y: 0, w: 12, h: 4 } }] });
    expect(twins.map((t) => t.key)).toEqual(['3', '3#2']);
  });
});

describe('the layout picture in headless Chromium', () => {
  it('finds the browser on PATH, and says how to install it when there is none', () => {
    expect(() => findChromium({ PATH: '/nonexistent-dir' })).toThrow(/apt-get install chromium/);
    expect(() => findChromium({ CHROMIUM_PATH: '/nonexistent-dir/chromium' })).toThrow(/CHROMIUM_PATH/);
  });

  it('shows the status colours at the changed panels\u2019 centres and the neutral colour at the unchanged one', { timeout: 180_000 }, async () => {
    // Titles with markup in them: if escaping broke the XML, Chromium would show an error page, not the picture.
    const svg = renderLayoutSvg({ title: 'K2 degradation <demo>', before: BEFORE, after: AFTER });
    const size = /width="(\d+)" height="(\d+)"/.exec(svg)!;
    const shot = await screenshotSvg(svg, { width: Number(size[1]), height: Number(size[2]) });

    const centreColour = (side: 'before' | 'after', p: LayoutPanel): [number, number, number] => {
      const r = layoutPanelRect(side, p.gridPos);
      return pixelAt(shot, r.x + r.width / 2, r.y + r.height / 2);
    };
    const expectColour = (actual: [number, number, number], status: LayoutStatus, what: string): void => {
      // Exact in practice; a small tolerance allows for colour management differences between Chromium builds.
      expect(colourDistance(actual, hexToRgb(LAYOUT_STATUS_FILL[status])), `${what}: got rgb(${actual.join(',')})`).toBeLessThanOrEqual(6);
    };
    for (const p of BEFORE) expectColour(centreColour('before', p), p.status, `before: ${p.title}`);
    for (const p of AFTER) expectColour(centreColour('after', p), p.status, `after: ${p.title}`);
    // And the statuses really are told apart on screen: the changed panel is not the neutral colour.
    const changed = centreColour('after', AFTER[1]!);
    expect(colourDistance(changed, hexToRgb(LAYOUT_STATUS_FILL.unchanged))).toBeGreaterThan(60);
  });
});

/** The example in docs/review.md: a K2-like dashboard with one change of every kind. */
function exampleDashboards(): { before: Record<string, unknown>; after: Record<string, unknown>; statuses: Map<string, LayoutStatus> } {
  const stream = (children: unknown[]) => ({ id: 20, type: 'row', title: 'Stream', collapsed: true, gridPos: { x: 0, y: 17, w: 24, h: 1 }, panels: children });
  const before = {
    title: 'K2 degradation',
    panels: [
      { id: 1, type: 'stat', title: 'Degradation level', gridPos: { x: 0, y: 0, w: 6, h: 4 } },
      {
        id: 2,
        type: 'timeseries',
        title: 'Consumer lag (messages)',
        gridPos: { x: 6, y: 0, w: 18, h: 8 },
        targets: [{ refId: 'A', expr: 'k2_kafka_consumer_lag_messages' }],
      },
      { id: 3, type: 'stat', title: 'Transitions (1h)', gridPos: { x: 0, y: 4, w: 6, h: 4 } },
      { id: 10, type: 'row', title: 'Shedding', collapsed: false, gridPos: { x: 0, y: 8, w: 24, h: 1 } },
      { id: 11, type: 'timeseries', title: 'Messages shed by tier', gridPos: { x: 0, y: 9, w: 12, h: 8 } },
      { id: 12, type: 'timeseries', title: 'Shed rate by reason', gridPos: { x: 12, y: 9, w: 12, h: 8 } },
      stream([
        { id: 21, type: 'stat', title: 'Binance connection', gridPos: { x: 0, y: 18, w: 8, h: 6 } },
        { id: 22, type: 'timeseries', title: 'Messages received by symbol', gridPos: { x: 8, y: 18, w: 16, h: 6 }, fieldConfig: { defaults: { unit: 'short' }, overrides: [] } },
      ]),
    ],
  };
  const stream22 = before.panels[6] as { panels: Array<Record<string, unknown>> };
  const after = {
    title: 'K2 degradation',
    panels: [
      before.panels[0],
      { ...before.panels[1], targets: [{ refId: 'A', expr: 'max by (partition) (k2_kafka_consumer_lag_messages)' }] },
      { id: 4, type: 'state-timeline', title: 'Circuit breaker state', gridPos: { x: 0, y: 4, w: 6, h: 4 } },
      before.panels[3],
      { ...before.panels[5], gridPos: { x: 0, y: 9, w: 12, h: 8 } },
      { ...before.panels[4], gridPos: { x: 12, y: 9, w: 12, h: 8 } },
      stream([stream22.panels[0], { ...stream22.panels[1], fieldConfig: { defaults: { unit: 'msg/s' }, overrides: [] } }]),
    ],
  };
  const statuses = new Map<string, LayoutStatus>([['2', 'changed'], ['3', 'removed'], ['4', 'added'], ['11', 'moved'], ['12', 'moved'], ['22', 'changed']]);
  return { before, after, statuses };
}

describe('docs/review-layout-example.svg', () => {
  it('is what the renderer draws for the documented example (K2_WRITE_EXAMPLES=1 rewrites it)', async () => {
    const { before, after, statuses } = exampleDashboards();
    const svg = renderLayoutSvg({
      title: 'K2 degradation',
      before: layoutPanelsFromDashboard(before, statuses),
      after: layoutPanelsFromDashboard(after, statuses),
    });
    const file = new URL('../../docs/review-layout-example.svg', import.meta.url);
    if (process.env.K2_WRITE_EXAMPLES === '1') await writeFile(file, svg);
    expect(await readFile(file, 'utf8')).toBe(svg);
  });
});

describe('agreement with the diff engine (src/diff)', () => {
  it('keys every panel as flattenPanels does, for our dashboards and foreign ones', () => {
    const { before } = exampleDashboards();
    const foreign = {
      panels: [
        { id: 5, title: 'A', gridPos: { x: 0, y: 0, w: 12, h: 4 } },
        { id: 5, title: 'B', gridPos: { x: 12, y: 0, w: 12, h: 4 } },
        { title: 'No id', type: 'text', gridPos: { x: 0, y: 4, w: 24, h: 2 } },
        { libraryPanel: { uid: 'lib', name: 'Library' }, gridPos: { x: 0, y: 6, w: 24, h: 4 } },
      ],
    };
    const legacy = { schemaVersion: 14, rows: [{ title: 'R', collapse: true, panels: [{ id: 1, title: 'X', span: 6 }, { id: 2, title: 'Y', span: 6 }] }] };
    for (const dashboard of [before, foreign, legacy]) {
      const normalised = normaliseDashboard(dashboard);
      const ours = layoutPanelsFromDashboard(normalised).map((p) => p.key).sort();
      const theirs = flattenPanels(normalised).map((p) => p.key).sort();
      expect(ours).toEqual(theirs);
    }
  });

  it('draws each panel with the status the comparison gave it', () => {
    const { before, after, statuses } = exampleDashboards();
    const comparison = compareDashboards(before, after);
    const sides = { before: new Map<string, LayoutStatus>(), after: new Map<string, LayoutStatus>() };
    for (const match of comparison.panels) {
      if (match.before) sides.before.set(match.before.key, match.status);
      if (match.after) sides.after.set(match.after.key, match.status);
    }
    const drawnAfter = layoutPanelsFromDashboard(comparison.after, sides.after);
    const drawnBefore = layoutPanelsFromDashboard(comparison.before, sides.before);
    // The example's hand-written statuses are what the diff finds, panel by panel.
    for (const [key, status] of statuses) {
      const drawn = status === 'removed' ? drawnBefore : drawnAfter;
      expect(drawn.find((p) => p.key === key)?.status, `panel ${key}`).toBe(status);
    }
    expect(drawnAfter.filter((p) => p.status !== 'unchanged').map((p) => p.key).sort()).toEqual(['11', '12', '2', '22', '4']);
  });
});
