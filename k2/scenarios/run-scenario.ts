import { K2GrafanaError } from '../../src/index.js';
import { systemClock, type Clock } from '../model/clock.js';
import { DegradationManager } from '../model/degradation-manager.js';
import { PrometheusUnreachableError } from '../errors.js';
import { queryInstant } from '../prometheus/prometheus-query.js';
import { breakerStateValue, sortedLevels, type SimulationConfig } from '../model/simulation-config.js';
import type { SimulationDriver } from './simulation-driver.js';
import type { ScenarioName, SimulationEvent } from './simulation-event.js';

export interface RunScenarioOptions {
  readonly scenario: ScenarioName;
  /** Lag target for `lag`. @default 600000 */
  readonly lag?: number;
  /** Memory percent for `memory`. */
  readonly memory?: number;
  readonly driver: SimulationDriver;
  /** Catalog-shaped config: metric names, level names, thresholds. */
  readonly config: SimulationConfig;
  /** Prometheus to read the outcome from; omit to skip reading. */
  readonly prometheusUrl?: string;
  /** How long to poll Prometheus for the expected outcome; 0 reads once. @default 30 */
  readonly waitSeconds?: number;
  /** @default 1000 */
  readonly pollIntervalMs?: number;
  /**
   * Called once per event the step started or ended (e.g. the annotation emitter). It runs before the outcome is read,
   * so a region opens at the action's time; an error it throws is kept in `hookErrors` and never fails the scenario.
   */
  readonly onEvent?: (event: SimulationEvent) => void | Promise<void>;
  readonly clock?: Clock;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface LevelReading {
  /** `k2_degradation_level` as Prometheus returned it. */
  readonly value: number;
  /** Display name of that level. */
  readonly name: string;
  /** Breaker state (value and name) when the scenario is about the stream. */
  readonly breaker?: { readonly value: number; readonly name: string };
  /** When the reading was taken, ms since the epoch. */
  readonly at: number;
  /** Whether the expected outcome was seen within the wait. */
  readonly reached: boolean;
  /** Seconds from the action to the reading. */
  readonly afterSeconds: number;
}

export interface ScenarioRunResult {
  readonly scenario: ScenarioName;
  readonly driver: string;
  /** When the action was applied, ms since the epoch. */
  readonly at: number;
  /** Every event the action started or ended, in order. */
  readonly events: SimulationEvent[];
  /** The event this step started (lag, disconnect, memory) or the first it ended (recover). */
  readonly event?: SimulationEvent;
  /** What the step should lead to, in words: `level MODERATE (2)`, `breaker OPEN`. */
  readonly expected: string;
  readonly reading?: LevelReading;
  /** Why the outcome could not be read (the step itself was applied). */
  readonly readingError?: K2GrafanaError;
  readonly hookErrors: string[];
  /** Caveats to show the user (e.g. Docker cannot hold a lag target). */
  readonly notes: string[];
}

interface Expectation {
  readonly text: string;
  readonly accept: (level: number, breaker: number | undefined) => boolean;
  readonly watchBreaker: boolean;
}

/**
 * Apply one scenario step through a driver, hand each event to `onEvent`, then read the outcome from Prometheus:
 * `k2_degradation_level` (and the breaker for `disconnect`), polling until the expected outcome or the wait ends.
 */
export async function runScenario(options: RunScenarioOptions): Promise<ScenarioRunResult> {
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const lag = options.scenario === 'lag' ? (options.lag ?? 600_000) : undefined;
  const notes: string[] = [];
  if (options.scenario === 'lag' && !options.driver.holdsLagTarget) {
    notes.push(`the ${options.driver.name} driver pauses the consumer: lag grows at the stream's rate and is not held at ${lag}`);
  }
  const expectation = expect(options, lag);

  const at = clock.now();
  const events = await options.driver.apply({ scenario: options.scenario, lag, memory: options.memory });
  const hookErrors: string[] = [];
  for (const event of events) {
    try {
      await options.onEvent?.(event);
    } catch (error) {
      hookErrors.push(`${event.scenario} ${event.phase} ${event.eventId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const event = options.scenario === 'recover' ? events.find((e) => e.phase === 'end') : events.find((e) => e.phase === 'start');
  const actionAt = event?.at ?? at;

  let reading: LevelReading | undefined;
  let readingError: K2GrafanaError | undefined;
  if (options.prometheusUrl !== undefined) {
    try {
      reading = await readOutcome(options, expectation, actionAt, clock, sleep);
    } catch (error) {
      if (!(error instanceof K2GrafanaError)) throw error;
      readingError = error;
    }
  }
  return { scenario: options.scenario, driver: options.driver.name, at: actionAt, events, event, expected: expectation.text, reading, readingError, hookErrors, notes };
}

function expect(options: RunScenarioOptions, lag: number | undefined): Expectation {
  const manager = new DegradationManager({ config: options.config, cooldownSeconds: 0 });
  const levelIs = (value: number, name: string): Expectation => ({
    text: `level ${name} (${value})`,
    accept: (level) => level === value,
    watchBreaker: false,
  });
  switch (options.scenario) {
    case 'lag': {
      if (!options.driver.holdsLagTarget) return { text: 'a degraded level (> 0)', accept: (level) => level > manager.baseLevel.value, watchBreaker: false };
      const level = manager.calculateLevel(lag!, 0);
      return levelIs(level.value, level.name);
    }
    case 'memory': {
      const level = manager.calculateLevel(0, options.memory ?? 0);
      return levelIs(level.value, level.name);
    }
    case 'disconnect': {
      const open = breakerStateValue(options.config, 'OPEN');
      return { text: 'breaker OPEN', accept: (_level, breaker) => breaker === open, watchBreaker: true };
    }
    case 'recover': {
      const base = manager.baseLevel;
      return levelIs(base.value, base.name);
    }
  }
}

async function readOutcome(
  options: RunScenarioOptions,
  expectation: Expectation,
  actionAt: number,
  clock: Clock,
  sleep: (ms: number) => Promise<void>,
): Promise<LevelReading> {
  const url = options.prometheusUrl!;
  const { metrics } = options.config;
  const levels = sortedLevels(options.config);
  const deadline = clock.now() + (options.waitSeconds ?? 30) * 1000;
  for (;;) {
    const level = await queryInstant(url, `max(${metrics.degradationLevel.name})`);
    const breaker = expectation.watchBreaker
      ? await queryInstant(url, `max(${metrics.circuitBreakerState.name})`)
      : undefined;
    const now = clock.now();
    const value = level[0]?.value;
    const breakerValue = breaker?.[0]?.value;
    const reached = value !== undefined && expectation.accept(value, breakerValue);
    if (reached || now >= deadline) {
      if (value === undefined) {
        throw new PrometheusUnreachableError(url, `it has no ${metrics.degradationLevel.name} series: is it scraping the target?`);
      }
      const name = levels.find((l) => l.value === value)?.name ?? `unknown level ${value}`;
      const breakerName = options.config.breakerStates.find((s) => s.value === breakerValue)?.name;
      return {
        value,
        name,
        breaker: breakerValue === undefined ? undefined : { value: breakerValue, name: breakerName ?? String(breakerValue) },
        at: now,
        reached,
        afterSeconds: Math.round((now - actionAt) / 100) / 10,
      };
    }
    await sleep(options.pollIntervalMs ?? 1000);
  }
}
