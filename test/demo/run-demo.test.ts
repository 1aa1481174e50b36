import { describe, expect, it } from 'vitest';
import * as catalog from '../../dashboards/catalog.js';
import type { AnnotationEmitter, EmitResult } from '../../src/annotations/index.js';
import {
  createNarrator,
  formatPercent,
  parseExposition,
  percentChange,
  runDemo,
  sumBy,
  type DemoReader,
  type DemoReading,
  type ScenarioDriver,
} from '../../k2/index.js';

// runDemo with a scripted reader and driver in injected time: the narrative logic, formatting and colour rules.
type Phase = 'baseline' | 'degraded' | 'recovered';
const tierRates = (shedTier3: number, shedTier2 = 0) => ({ tier_1: 0, tier_2: shedTier2, tier_3: shedTier3 });
const received = { ADAUSDT: 20, BNBUSDT: 20, BTCUSDT: 20, DOGEUSDT: 20, ETHUSDT: 20 };
const readings: Record<Phase, Omit<DemoReading, 'at'>> = {
  baseline: { level: 0, lag: 0, shedTotal: 0, shedByTier: tierRates(0), consumedRate: 100, processedRate: 100, shedRateByTier: tierRates(0), receivedRateBySymbol: received },
  degraded: { level: 2, lag: 600_000, shedTotal: 400, shedByTier: tierRates(400), consumedRate: 100, processedRate: 60, shedRateByTier: tierRates(40), receivedRateBySymbol: received },
  recovered: { level: 0, lag: 0, shedTotal: 240_400, shedByTier: tierRates(240_400), consumedRate: 100, processedRate: 100, shedRateByTier: tierRates(0), receivedRateBySymbol: received },
};

function scripted() {
  let clock = 1_800_000_000_000;
  let phase: Phase = 'baseline';
  let level = 0;
  let lag = 0;
  const reader: DemoReader = {
    source: 'prometheus',
    description: 'scripted',
    settleMs: 3000,
    rateWindowSeconds: 5,
    currentLevel: async () => level,
    currentLag: async () => lag,
    read: async () => ({ at: clock, ...readings[phase] }),
    waitForHistory: async () => undefined,
    close: async () => undefined,
  };
  const driver: ScenarioDriver = {
    async inject({ name }) {
      const at = clock;
      if (name === 'lag') {
        phase = 'degraded';
        level = 2;
        lag = 600_000;
        return { at, events: [{ scenario: 'lag', phase: 'start', at, eventId: 'e-lag', lag: 600_000 }] };
      }
      phase = 'recovered';
      level = 0;
      lag = 0;
      return { at, events: [{ scenario: 'lag', phase: 'end', at, eventId: 'e-lag' }] };
    },
  };
  return { reader, driver, now: () => clock, sleep: async (ms: number) => void (clock += ms) };
}

function fakeEmitter(outcome: EmitResult['outcome']): AnnotationEmitter & { calls: string[] } {
  const calls: string[] = [];
  const result = (eventId: string): EmitResult => ({ eventId, outcome });
  return {
    calls,
    journal: { path: '/tmp/journal' } as AnnotationEmitter['journal'],
    point: async (e) => (calls.push(`point ${e.eventId}`), result(e.eventId)),
    openRegion: async (e) => (calls.push(`open ${e.eventId} ${e.time}`), result(e.eventId)),
    closeRegion: async (c) => (calls.push(`close ${c.eventId} ${c.timeEnd}`), result(c.eventId)),
    flush: async () => ({ results: [], pending: 0 }),
    pending: async () => 0,
  };
}

async function demo(color: boolean, outcome: EmitResult['outcome'] = 'sent') {
  let out = '';
  const { reader, driver, now, sleep } = scripted();
  const emitter = fakeEmitter(outcome);
  const report = await runDemo({
    config: catalog, reader, driver, emitter, lag: 600_000, now, sleep,
    narrator: createNarrator({ write: (t) => (out += t), color, tty: color, now }),
  });
  return { out, report, emitter };
}

describe('runDemo', () => {
  it('tells the story with the figures it read', async () => {
    const { out, report, emitter } = await demo(false);
    expect(out).toContain('Degradation level   NORMAL (0)');
    expect(out).toContain('Throughput          100.0 msg/s processed');
    expect(out).toMatch(/MODERATE\s+400\s+ADA, DOGE\s+100\.0 msg\/s -> 60\.0 msg\/s\s+-40\.0%/);
    expect(out).toContain('tier 3  ADA, DOGE    dropped ADA, DOGE (shed 40.0 msg/s)');
    expect(out).toContain('Shed in the episode 240,400 messages (tier 1: 0, tier 2: 0, tier 3: 240,400)');
    expect(out).toContain('240,000 of them after step 3');
    expect(out).toContain('All symbols resumed yes');
    expect(out).toContain('lag must fall below 0.5 x 500,000 = 250,000');
    expect(out).toContain('Annotations: 2 sent to Grafana');
    expect(report.expectedLevel).toEqual({ value: 2, name: 'MODERATE' });
    expect(emitter.calls).toEqual([`open e-lag ${report.actions.lag.at}`, `close e-lag ${report.actions.recover.at}`]);
    expect(report.shown.find((s) => s.figure === 'processedRate.change')!.value).toBeCloseTo(-40, 9);
  });

  it('uses no escape codes without colour, and colours with it', async () => {
    expect((await demo(false)).out).not.toMatch(/\u001b\[/);
    expect((await demo(true)).out).toMatch(/\u001b\[3[12]m/);
  });

  it('says where the annotations went when Grafana was unreachable', async () => {
    const { out } = await demo(false, 'journaled');
    expect(out).toContain('Annotations: 2 of 2 kept in the journal /tmp/journal; run `k2-grafana annotate flush`');
  });
});

describe('demo formatting and /metrics parsing', () => {
  it('formats percent changes with a sign and n/a from zero', () => {
    expect(formatPercent(percentChange(138, 52))).toBe('-62.3%');
    expect(formatPercent(percentChange(50, 75))).toBe('+50.0%');
    expect(formatPercent(percentChange(0, 5))).toBe('n/a');
  });

  it('parses the exposition format prom-client writes and sums by label', () => {
    const text = [
      '# HELP k2_messages_shed_total Total messages shed due to load shedding',
      '# TYPE k2_messages_shed_total counter',
      'k2_messages_shed_total{service="k2-platform",environment="dev",component="load_shedder",symbol_tier="tier_3",reason="low_priority"} 12',
      'k2_messages_shed_total{service="k2-platform",environment="dev",component="load_shedder",symbol_tier="tier_3",reason="non_critical"} 3',
      'k2_messages_shed_total{service="k2-platform",environment="dev",component="load_shedder",symbol_tier="tier_1",reason="non_critical"} 0',
      'k2_degradation_level{service="k2-platform",environment="dev",component="degradation_manager"} 2',
      'odd_metric{label="a \\"quoted\\" value"} 1e3',
    ].join('\n');
    const samples = parseExposition(text);
    expect(sumBy(samples, 'k2_messages_shed_total', { component: 'load_shedder' }, 'symbol_tier')).toEqual({ tier_3: 15, tier_1: 0 });
    expect(sumBy(samples, 'k2_degradation_level', { component: 'degradation_manager' })).toEqual({ '': 2 });
    expect(samples.at(-1)).toEqual({ name: 'odd_metric', labels: { label: 'a "quoted" value' }, value: 1000 });
  });
});
