import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ArtifactSet } from '../../src/model/index.js';
import { formatReviewJson } from '../../src/review/format-json.js';
import { formatReviewMarkdown } from '../../src/review/format-markdown.js';
import { formatReviewText } from '../../src/review/format-text.js';
import { layoutFiles } from '../../src/review/layout-files.js';
import { reviewArtifactSets } from '../../src/review/review-report.js';
import { ansiStyle } from '../../src/review/style.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

function loadDir(dir: string): ArtifactSet {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path).split('\\').join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

const base = loadDir(join(fixtures, 'base'));
const head = loadDir(join(fixtures, 'head'));
const report = reviewArtifactSets(base, head, { before: 'origin/main', after: 'working tree' });

/** The six changes the fixture pair was built with, as [object, change kind, panel or rule]. */
const EXPECTED = [
  ['k2-degradation', 'query-changed', 'Consumer lag'],
  ['k2-degradation', 'panel-rekeyed', 'Throughput per second'],
  ['k2-degradation', 'field-config-changed', 'WebSocket connected'],
  ['k2-degradation', 'panel-moved', 'Seconds since last message'],
  ['k2-overview', 'object-added', null],
  ['K2/k2-degradation', 'rule-removed', 'K2 degradation level flapping'],
];

describe('review of a fixture pair of artifact sets', () => {
  it('finds exactly the moved panel, changed query, re-keyed panel, changed threshold, removed rule and new dashboard', () => {
    const found = report.objects.flatMap((o) => o.changes.map((c) => [o.key, c.kind, c.panel?.title ?? c.rule?.title ?? null]));
    expect(found).toEqual(EXPECTED);
    expect(report.counts).toEqual({ added: 1, removed: 0, changed: 2, unchanged: 0 });
    const threshold = report.objects[0]!.changes.find((c) => c.kind === 'field-config-changed')!;
    expect(threshold.ref).toBe('thresholds');
  });

  it('text: one line per change, PromQL before and after, no colour unless asked', () => {
    const text = formatReviewText(report);
    expect(text).not.toContain('\u001b[');
    for (const line of [
      'panel "Consumer lag" (row "Lag, throughput and shedding") query A expr changed',
      '- sum by (consumer_group) (k2_kafka_consumer_lag_messages',
      '+ max by (consumer_group) (k2_kafka_consumer_lag_messages',
      'panel "Throughput per second" (row "Lag, throughput and shedding") re-keyed: id 756733000 -> 756733001',
      'panel "WebSocket connected" (row "Stream and circuit breaker") thresholds changed: [base red, 1 green] -> [base red, 0.5 green]',
      'panel "Seconds since last message" (row "Stream and circuit breaker") moved from x=6 y=27 to x=0 y=35',
      '+ dashboard "K2 overview" (k2-overview): added',
      '- rule "K2 degradation level flapping" removed',
      'Summary: 1 added, 0 removed, 2 changed, 0 unchanged.',
    ]) expect(text).toContain(line);
    expect(formatReviewText(report, { style: ansiStyle })).toContain('\u001b[32m');
  });

  it('markdown: summary table, one details block per object, PromQL in a diff block, grid sketch with changed panels marked', () => {
    const md = formatReviewMarkdown(report);
    expect(md).toContain('| 🟠 changed | dashboard | K2 Degradation (`k2-degradation`) | 4 |');
    expect(md).toContain('| 🟢 added | dashboard | K2 overview (`k2-overview`) | 1 |');
    expect(md).toContain('| 🟠 changed | rule group | k2-degradation (`K2/k2-degradation`) | 1 |');
    expect(md.match(/<details>/g)).toHaveLength(3);
    expect(md.match(/<\/details>/g)).toHaveLength(3);
    expect(md).toMatch(/```diff\n {2}- sum by \(consumer_group\)[^\n]*\n {2}\+ max by \(consumer_group\)/);
    expect(md).toContain('F "Consumer lag" [changed]');
    expect(md).toContain('"Seconds since last message" [moved]');
    expect(md).toMatch(/\|[A-Z]~+/); // a changed panel is filled with ~ in the sketch
    expect(md).toContain('`-` rule "K2 degradation level flapping" removed');
  });

  it('json: the same changes as data', () => {
    const json = JSON.parse(formatReviewJson(report));
    expect(json.changed).toBe(true);
    const found = json.objects.flatMap((o: any) => o.changes.map((c: any) => [o.key, c.kind, c.panel?.title ?? c.rule?.title ?? null]));
    expect(found).toEqual(EXPECTED);
    expect(json.objects[0].panels).toEqual([
      { status: 'changed', beforeKey: '1465175231', afterKey: '1465175231', title: 'Consumer lag' },
      { status: 'changed', beforeKey: '756733000', afterKey: '756733001', title: 'Throughput per second' },
      { status: 'changed', beforeKey: '273295345', afterKey: '273295345', title: 'WebSocket connected' },
      { status: 'moved', beforeKey: '268140913', afterKey: '268140913', title: 'Seconds since last message' },
    ]);
  });

  it('unchanged artifact sets give "No changes" in every format', () => {
    const same = reviewArtifactSets(base, new Map(base), { before: 'a', after: 'b' });
    expect(same.changed).toBe(false);
    expect(formatReviewText(same)).toContain('No changes (2 objects compared).');
    expect(formatReviewMarkdown(same)).toContain('**No changes** (2 objects compared).');
    expect(JSON.parse(formatReviewJson(same)).objects.every((o: any) => o.status === 'unchanged' && o.changes.length === 0)).toBe(true);
  });

  it('markdown stays under the limit and says what it left out', () => {
    const many = new Map<string, string>();
    for (let i = 0; i < 80; i++) {
      const panels = Array.from({ length: 30 }, (_, p) => ({ id: p + 1, type: 'timeseries', title: `P${p}`, gridPos: { x: (p % 2) * 12, y: p * 4, w: 12, h: 4 }, targets: [{ refId: 'A', expr: `sum(rate(metric_${i}_${p}_total{label="value"}[5m]))` }] }));
      many.set(`dashboards/f/d${i}.json`, JSON.stringify({ uid: `d${i}`, title: `Dash ${i}`, panels }));
    }
    const changedSet = new Map([...many].map(([k, v]) => [k, v.replaceAll('[5m]', '[10m]')]));
    const big = reviewArtifactSets(many, changedSet, { before: 'a', after: 'b' });
    const md = formatReviewMarkdown(big);
    expect(md.length).toBeLessThan(65_536);
    expect(md).toMatch(/\*\*Truncated\*\* to stay under GitHub's 65,536-character comment limit: \d+ more objects not shown/);
    expect(md.match(/<details>/g)!.length).toBe(md.match(/<\/details>/g)!.length);
  });

  it('writes a layout picture for each changed or added dashboard, none for unchanged ones', () => {
    const files = layoutFiles(report);
    expect(files.map((f) => f.file)).toEqual(['k2-degradation.svg', 'k2-overview.svg']);
    expect(files[0]!.svg).toContain('<svg');
    expect(files[0]!.svg).toContain('Consumer lag');
  });
});

describe('review: dashboards that change folder', () => {
  it('reports a move between folder directories as one change', () => {
    const moved = new Map([...base].map(([path, content]) => [path.replace('dashboards/k2/', 'dashboards/k2-ops/'), content]));
    const r = reviewArtifactSets(base, moved, { before: 'a', after: 'b' });
    const dash = r.objects.find((o) => o.kind === 'dashboard')!;
    expect(dash.changes.map((c) => c.summary)).toEqual(['moved from folder "k2" to "k2-ops"']);
  });
});

describe('review: a panel inserted above others', () => {
  it('folds the panels it pushed down into one line of text and markdown; the data keeps one change per panel', () => {
    const panels = (shift: number) => Array.from({ length: 4 }, (_, i) => ({ id: i + 1, type: 'stat', title: `P${i + 1}`, gridPos: { x: (i % 2) * 12, y: shift + Math.floor(i / 2) * 8, w: 12, h: 8 } }));
    const before = new Map([['dashboards/f/d.json', JSON.stringify({ uid: 'd', title: 'D', panels: panels(0) })]]);
    const after = new Map([['dashboards/f/d.json', JSON.stringify({ uid: 'd', title: 'D', panels: [{ id: 9, type: 'text', title: 'Intro', gridPos: { x: 0, y: 0, w: 24, h: 8 } }, ...panels(8)] })]]);
    const r = reviewArtifactSets(before, after, { before: 'a', after: 'b' });
    expect(r.objects[0]!.changes.map((c) => c.kind)).toEqual(['panel-added', 'panel-moved', 'panel-moved', 'panel-moved', 'panel-moved']);
    const text = formatReviewText(r);
    expect(text).toContain('> 4 panels shifted down by 8 grid rows (nothing else changed): "P1", "P2", "P3", "P4"');
    expect(text).not.toContain('panel "P1" moved');
    expect(formatReviewMarkdown(r)).toContain('- `>` 4 panels shifted down by 8 grid rows');
  });
});

describe('review: one dashboard too big for a comment', () => {
  it('is shown compact (summary lines, as many as fit) and the note says it was shortened', () => {
    const panels = (expr: string) => Array.from({ length: 1500 }, (_, p) => ({ id: p + 1, type: 'stat', title: `Panel ${p} ${'y'.repeat(40)}`, gridPos: { x: (p % 4) * 6, y: Math.floor(p / 4) * 4, w: 6, h: 4 }, targets: [{ refId: 'A', expr: `${expr}(metric_${p}_${'x'.repeat(60)}_total[5m])` }] }));
    const r = reviewArtifactSets(
      new Map([['dashboards/f/huge.json', JSON.stringify({ uid: 'huge', title: 'Huge', panels: panels('rate') })]]),
      new Map([['dashboards/f/huge.json', JSON.stringify({ uid: 'huge', title: 'Huge', panels: panels('irate') })]]),
      { before: 'a', after: 'b' },
    );
    const md = formatReviewMarkdown(r);
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md).toContain('query A expr changed');
    expect(md).toMatch(/- … \d+ more changes not shown here/);
    expect(md).toContain('the last object is shortened');
    expect(md.match(/<details>/g)).toHaveLength(1);
    expect(md.match(/<\/details>/g)).toHaveLength(1);
  });
});
