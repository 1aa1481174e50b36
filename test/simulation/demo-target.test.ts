import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as catalog from '../../dashboards/catalog.js';
import { ManualClock } from '../../k2/model/clock.js';
import { startDemoTarget, type DemoTarget } from '../../k2/target/demo-target.js';

// Model time: the target's own timer ticks, but the clock only moves when the test says so.
const clock = new ManualClock();
const logs: Record<string, any>[] = [];
let ids = 0;
let target: DemoTarget;

beforeAll(async () => {
  target = await startDemoTarget({
    config: catalog,
    profile: catalog.profiles.demo,
    clock,
    log: (line) => logs.push(JSON.parse(line)),
    newEventId: () => `event-${++ids}`,
  });
});
afterAll(() => target.close());

async function metricsText(): Promise<string> {
  const response = await fetch(`${target.url}/metrics`);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

const post = (body: unknown) =>
  fetch(`${target.url}/control/scenario`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('demo target /metrics', () => {
  it("exports every catalog metric with K2's help text, standard labels and extra labels in K2's order", async () => {
    const text = await metricsText();
    for (const spec of Object.values(catalog.metrics)) {
      expect(text).toContain(`# HELP ${spec.name} ${spec.help}\n# TYPE ${spec.name} ${spec.type}\n`);
      const series = text.split('\n').filter((l) => l.startsWith(`${spec.name}{`));
      expect(series.length, spec.name).toBeGreaterThan(0);
      for (const line of series) {
        const names = [...line.matchAll(/(\w+)="/g)].map((match) => match[1]);
        expect(names, line).toEqual(['service', 'environment', 'component', ...spec.labels]);
        expect(line).toContain(`service="${catalog.standardLabels.service}",environment="${catalog.standardLabels.environment}",component="${spec.component}"`);
      }
    }
  });

  it('has every series from the start: shed counters per tier and reason, breaker closed, received per symbol', async () => {
    const text = await metricsText();
    for (const tier of catalog.tiers) {
      for (const reason of ['low_priority', 'normal_priority', catalog.criticalShedReason]) {
        expect(text).toMatch(new RegExp(`${catalog.metrics.messagesShed.name}\\{[^}]*symbol_tier="${tier.tier}",reason="${reason}"\\} 0\\n`));
      }
      for (const symbol of tier.symbols) expect(text).toMatch(new RegExp(`symbol="${symbol}"\\} \\d+\\n`));
    }
    expect(text).toMatch(new RegExp(`${catalog.metrics.circuitBreakerState.name}\\{[^}]*breaker_name="${catalog.breakers[0]}"\\} 0\\n`));
    expect(text).toMatch(new RegExp(`${catalog.metrics.degradationLevel.name}\\{[^}]*\\} 0\\n`));
    expect(text).toMatch(new RegExp(`${catalog.metrics.degradationTransitions.name}\\{[^}]*from_level="normal",to_level="graceful"\\} 0\\n`));
  });

  it('is deterministic: two targets on the same model time serve identical metrics', async () => {
    const start = Date.UTC(2026, 5, 1);
    const make = () => startDemoTarget({ config: catalog, profile: catalog.profiles.demo, clock: new ManualClock(start), newEventId: () => 'x' });
    const [a, b] = await Promise.all([make(), make()]);
    try {
      for (const t of [a, b]) t.applyScenario({ name: 'lag', lag: 700_000 });
      const [ta, tb] = await Promise.all([a, b].map((t) => fetch(`${t.url}/metrics`).then((r) => r.text())));
      expect(ta).toBe(tb);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('demo target control endpoint', () => {
  it('lag starts an event, the level follows in model time, recover ends the same event', async () => {
    const response = await post({ name: 'lag', lag: 1_200_000 });
    expect(response.status).toBe(200);
    const started = (await response.json()) as any;
    expect(started.events).toEqual([{ scenario: 'lag', phase: 'start', at: clock.now(), eventId: 'event-1', lag: 1_200_000 }]);
    const startedAt = clock.now();
    clock.advance(10_000);
    const state = (await (await fetch(`${target.url}/control/state`)).json()) as any;
    expect(state.level).toMatchObject({ name: 'SEVERE', code: 'aggressive' });
    expect(state.lag).toBe(1_200_000);
    expect(await metricsText()).toMatch(new RegExp(`${catalog.metrics.degradationLevel.name}\\{[^}]*\\} 3\\n`));

    const ended = (await (await post({ name: "recover" })).json()) as any;
    expect(ended.events).toEqual([{ scenario: 'lag', phase: 'end', at: clock.now(), startedAt, eventId: 'event-1', lag: 1_200_000 }]);
    clock.advance(60_000);
    expect(((await (await fetch(`${target.url}/control/state`)).json()) as any).level.name).toBe('NORMAL');
  });

  it('logs every level transition as one JSON line with from, to, lag, memory and cause', () => {
    const transitions = logs.filter((r) => r.event === 'degradation_level_transition');
    expect(transitions.length).toBeGreaterThanOrEqual(2);
    for (const t of transitions) {
      expect(Object.keys(t)).toEqual(expect.arrayContaining(['time', 'from', 'to', 'from_level', 'to_level', 'lag', 'memory_percent', 'cause']));
    }
    expect(transitions.some((t) => t.to === 'SEVERE')).toBe(true);
    expect(transitions.at(-1)).toMatchObject({ to: 'NORMAL', direction: 'recovered' });
  });

  it('rejects unknown scenarios and malformed bodies with 400 and a message', async () => {
    const unknown = await post({ name: 'meltdown' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as any).error).toContain('lag, disconnect, memory, recover');
    const badLag = await post({ name: 'lag', lag: -5 });
    expect(badLag.status).toBe(400);
    const notJson = await fetch(`${target.url}/control/scenario`, { method: 'POST', body: '{nope' });
    expect(notJson.status).toBe(400);
    expect((await fetch(`${target.url}/nowhere`)).status).toBe(404);
  });
});
