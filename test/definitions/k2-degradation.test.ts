import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as TextBuilder } from '@grafana/grafana-foundation-sdk/text';
import { describe, expect, it } from 'vitest';
import * as catalog from '../../dashboards/catalog.js';
import { degradationDashboard } from '../../dashboards/degradation/index.js';
import { levelNamedTransitions } from '../../dashboards/degradation/recording-rules.js';
import { consumerLagPanel } from '../../dashboards/degradation/panels/consumer-lag.js';
import { levelNowPanel } from '../../dashboards/degradation/panels/level-now.js';
import { throughputPanel } from '../../dashboards/degradation/panels/throughput.js';
import { defineDashboard, keyedPanel } from '../../src/definitions/index.js';
import type { JsonObject } from '../../src/model/index.js';

const dashboard = degradationDashboard().dashboard;
const panels = (dashboard.panels as JsonObject[]).filter((p) => p.type !== 'row');
const byTitle = (title: string): JsonObject => {
  const panel = panels.find((p) => p.title === title);
  if (!panel) throw new Error(`no panel "${title}"`);
  return panel;
};
const exprs = (panel: JsonObject) => (panel.targets as JsonObject[]).map((t) => String(t.expr));
const legends = (panel: JsonObject) => (panel.targets as JsonObject[]).map((t) => String(t.legendFormat));
const defaults = (panel: JsonObject) => (panel.fieldConfig as JsonObject).defaults as JsonObject;
const m = catalog.metrics;

describe('K2 degradation dashboard', () => {
  it('carries every panel of issue 2 item 4, on K2 metric names, with the expected visualisation', () => {
    const expected: Array<[string, string, string[]]> = [
      ['Degradation level', 'stat', [m.degradationLevel.name]],
      ['Degradation level over time', 'state-timeline', [m.degradationLevel.name]],
      ['Consumer lag', 'timeseries', [m.consumerLag.name]],
      ['Throughput per second', 'timeseries', [m.binanceMessagesReceived.name, m.messagesConsumed.name, m.messagesShed.name]],
      ['Messages shed per second by tier', 'timeseries', [m.messagesShed.name]],
      ['Symbols processing vs dropped per tier', 'bargauge', [m.degradationLevel.name]],
      ['Level transitions', 'stat', [m.degradationTransitions.name]],
      ['WebSocket connected', 'stat', [m.binanceConnectionStatus.name]],
      ['Seconds since last message', 'stat', [m.binanceLastMessageTimestamp.name]],
      ['Circuit breaker state', 'state-timeline', [m.circuitBreakerState.name]],
    ];
    for (const [title, type, metricNames] of expected) {
      const panel = byTitle(title);
      expect(panel.type, title).toBe(type);
      const text = exprs(panel).join('\n');
      for (const name of metricNames) expect(text, `${title} queries ${name}`).toContain(name);
    }
    expect(panels).toHaveLength(expected.length);
  });

  it('queries only metrics K2 exports (no invented processed-per-symbol metric)', () => {
    const all = panels.flatMap(exprs).join('\n');
    const named = all.match(/\bk2_[a-z0-9_]+/g) ?? [];
    for (const name of named) expect(catalog.metricNames).toContain(name);
    expect(all).not.toMatch(/processed_total/);
  });

  it('derives processed throughput as consumed minus shed', () => {
    const processed = exprs(byTitle('Throughput per second'))[2];
    expect(processed).toMatch(new RegExp(`sum\\(rate\\(${m.messagesConsumed.name}.*\\)\\) - \\(sum\\(rate\\(${m.messagesShed.name}.*\\)\\) or vector\\(0\\)\\)`));
    expect(legends(byTitle('Throughput per second'))).toEqual(['received {{symbol}}', 'consumed', 'processed (consumed - shed)']);
  });

  it('gives every panel a title, a description, a unit, and the datasource variable', () => {
    for (const panel of panels) {
      expect(String(panel.title)).not.toBe('');
      expect(String(panel.description ?? ''), `${panel.title} description`).not.toBe('');
      expect(String(defaults(panel).unit ?? ''), `${panel.title} unit`).not.toBe('');
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    }
  });

  it('maps level values to the display names and colours of the catalog, never to K2 code names', () => {
    for (const title of ['Degradation level', 'Degradation level over time']) {
      const mappings = defaults(byTitle(title)).mappings as JsonObject[];
      const options = mappings[0].options as Record<string, { text: string; color: string }>;
      for (const level of catalog.levels) {
        expect(options[String(level.value)]).toMatchObject({ text: level.name, color: level.color });
      }
    }
    // Code names appear only as label_replace arguments, never in what users read.
    const userText = panels.flatMap((p) => [String(p.title), String(p.description), ...legends(p)]).join('\n');
    for (const level of catalog.levels.filter((l) => l.code !== l.name.toLowerCase())) {
      expect(userText).not.toContain(level.code);
    }
    expect(exprs(byTitle('Level transitions'))[1]).toContain(`"to", "MODERATE", "to_level", "graceful"`);
  });

  it('draws a dashed threshold line at each level lag trigger, in the level colour', () => {
    const lag = byTitle('Consumer lag');
    const steps = (defaults(lag).thresholds as JsonObject).steps as JsonObject[];
    const triggers = catalog.levels.filter((l) => l.lagTrigger !== undefined);
    expect(steps.slice(1)).toEqual(triggers.map((l) => ({ value: l.lagTrigger, color: l.color })));
    expect(((defaults(lag).custom as JsonObject).thresholdsStyle as JsonObject).mode).toBe('dashed');
  });

  it('derives symbols processing vs dropped per tier from the level and the catalog tiers', () => {
    const panel = byTitle('Symbols processing vs dropped per tier');
    const queries = exprs(panel);
    expect(queries).toHaveLength(catalog.tiers.length * 2);
    const tier3 = catalog.tiers.find((t) => t.tier === 'tier_3');
    expect(queries).toContain(`(max(${m.degradationLevel.name}{component="degradation_manager",environment=~"$environment",service=~"$service"}) >= bool ${tier3?.droppedFrom}) * ${tier3?.symbols.length}`);
    expect(legends(panel)).toContain('tier 3 dropped (ADA, DOGE)');
    expect(legends(panel)).toContain('tier 1 processing (BTC, ETH)');
  });

  it('has the datasource, environment and service variables, refreshes every 5 s and pins schemaVersion', () => {
    const list = (dashboard.templating as JsonObject).list as JsonObject[];
    expect(list.map((v) => [v.name, v.type])).toEqual([
      ['datasource', 'datasource'],
      ['environment', 'query'],
      ['service', 'query'],
    ]);
    expect(list[0].query).toBe('prometheus');
    expect(dashboard.refresh).toBe('5s');
    expect(dashboard.schemaVersion).toBe(42);
    expect(dashboard.uid).toBe(catalog.grafana.degradationDashboardUid);
  });

  it('annotates failure simulations and watched level changes by their catalog tags, and level changes from Prometheus', () => {
    const list = (dashboard.annotations as JsonObject).list as JsonObject[];
    const tagQueries = list.filter((a) => (a.datasource as JsonObject).type === 'grafana').map((a) => a.target);
    // The emitter's simulation events and the watcher's level changes each have their own tag query.
    expect(tagQueries).toEqual([
      expect.objectContaining({ type: 'tags', tags: [catalog.grafana.simulationAnnotationTag] }),
      expect.objectContaining({ type: 'tags', tags: [catalog.grafana.levelChangeAnnotationTag] }),
    ]);
    const levels = list.find((a) => (a.datasource as JsonObject).type === 'prometheus');
    // The level-named transitions counter, recorded by Prometheus (dashboards/degradation/recording-rules.ts).
    expect(String((levels?.target as JsonObject).expr)).toContain(levelNamedTransitions);
    expect(String((levels?.target as JsonObject).expr)).not.toContain('label_replace');
    expect(levels?.titleFormat).toBe('{{from}} -> {{to}}');
  });

  it('keeps every other panel id when a panel is inserted (stable ids)', () => {
    const build = (insert: boolean) => {
      const builder = new DashboardBuilder('D').uid('d').withPanel(levelNowPanel(catalog));
      if (insert) builder.withPanel(keyedPanel('inserted-note', new TextBuilder().title('Note').content('hello')));
      builder.withPanel(consumerLagPanel(catalog)).withPanel(throughputPanel(catalog));
      const panelsBuilt = defineDashboard({ source: 'x.ts', folderUid: 'f', dashboard: builder }).dashboard.panels as JsonObject[];
      return new Map(panelsBuilt.map((p) => [String(p.title), p.id]));
    };
    const before = build(false);
    const after = build(true);
    expect(after.size).toBe(before.size + 1);
    for (const [title, id] of before) expect(after.get(title), title).toBe(id);
  });

  it('has unique panel ids across the whole dashboard, rows included', () => {
    const ids = (dashboard.panels as JsonObject[]).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
