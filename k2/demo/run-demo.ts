import { K2GrafanaError, type AnnotationEmitter, type EmitResult } from '../../src/index.js';
import { annotateFailureEvent, type FailureEventLike } from '../scenarios/failure-annotations.js';
import { levelForLag, levelName, normalLevel, type DemoConfig, type DemoLevel } from './demo-config.js';
import type { DemoReader, DemoReading } from './demo-reading.js';
import { bar, formatCount, formatPercent, formatRate, percentChange, spinner, table, type Narrator } from './narration.js';
import type { ScenarioDriver, ScenarioResult } from './scenario-driver.js';

export interface RunDemoOptions {
  readonly config: DemoConfig;
  readonly reader: DemoReader;
  readonly driver: ScenarioDriver;
  readonly narrator: Narrator;
  /** Where annotations go; none when absent. */
  readonly emitter?: AnnotationEmitter;
  /** Lag the `lag` scenario holds. */
  readonly lag: number;
  /** Lines describing where figures, target and annotations come from (printed first). */
  readonly setupNotes?: readonly string[];
  /** Longest wait for the level to rise, and to return to normal. @default 90000 each */
  readonly degradeTimeoutMs?: number;
  readonly recoverTimeoutMs?: number;
  /** How often the level is polled while waiting. @default 500 */
  readonly pollMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A figure as printed, for --output json: the test checks each text is in the output and matches the reading. */
export interface ShownFigure {
  /** e.g. `baseline.processedRate`, `degraded.shedTotal-baseline.shedTotal`. */
  readonly figure: string;
  readonly value: number;
  readonly text: string;
}

export interface DemoReport {
  readonly source: DemoReader['source'];
  readonly sourceDescription: string;
  readonly rateWindowSeconds: number;
  readonly lagTarget: number;
  readonly expectedLevel: { readonly value: number; readonly name: string };
  readonly readings: { readonly baseline: DemoReading; readonly degraded: DemoReading; readonly recovered: DemoReading };
  readonly actions: { readonly lag: ScenarioResult; readonly recover: ScenarioResult };
  /** Wall-clock length of the walkthrough, from the first line to the takeaways (measured). */
  readonly durationSeconds: number;
  readonly observed: {
    /** First poll that saw the expected level, ms since the epoch. */
    readonly levelReachedAt: number;
    readonly normalAt: number;
    readonly secondsToLevel: number;
    readonly secondsToNormal: number;
  };
  readonly shown: readonly ShownFigure[];
  readonly annotations: readonly EmitResult[];
}

/** A step of the demo did not happen in time: names the step and what to check. */
export class DemoStepTimeoutError extends K2GrafanaError {
  constructor(step: string, waitedMs: number, last: string) {
    super(
      // Almost always Prometheus not (yet) scraping the target, so it maps to the "unreachable" exit code.
      'unreachable',
      `demo step "${step}" did not complete within ${Math.round(waitedMs / 1000)} s (last seen: ${last})`,
      'Check that Prometheus scrapes the demo target (its /targets page) and that the target runs the demo profile; ' +
        'raise the wait with --timeout.',
    );
  }
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The narrated resilience walkthrough: current state, inject lag, wait for the level, what the degradation did,
 * trigger recovery, confirm normal, takeaways. Every figure comes from `reader` at the time it is shown.
 */
export async function runDemo(options: RunDemoOptions): Promise<DemoReport> {
  const { config, reader, driver, narrator: n } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const pollMs = options.pollMs ?? 500;
  const shown: ShownFigure[] = [];
  const annotationWork: Promise<EmitResult>[] = [];
  const show = (figure: string, value: number, text: string): string => {
    shown.push({ figure, value, text });
    return text;
  };
  const name = (value: number) => levelName(config, value);
  const display = (symbol: string) => (config.symbolDisplayName ?? ((s: string) => s))(symbol);
  const normal = normalLevel(config);
  const expected: DemoLevel = levelForLag(config, options.lag);
  const tiers = [...config.tiers].sort((a, b) => a.number - b.number);

  const annotate = (events: readonly FailureEventLike[]) => {
    if (!options.emitter) return;
    for (const event of events) annotationWork.push(annotateFailureEvent(options.emitter, event));
  };

  /** Polls until `done`; shows a spinner, a bar and the latest lag/level; throws DemoStepTimeoutError on timeout. */
  async function waitUntil(step: string, timeoutMs: number, check: () => Promise<{ done: boolean; status: string; fraction?: number }>): Promise<number> {
    const started = now();
    let last = 'no reading yet';
    for (let i = 0; ; i++) {
      let result: { done: boolean; status: string; fraction?: number };
      try {
        result = await check();
      } catch (error) {
        result = { done: false, status: `waiting for data (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
      }
      last = result.status;
      const elapsed = (now() - started) / 1000;
      if (result.done) {
        n.endProgress();
        return now();
      }
      if (now() - started > timeoutMs) {
        n.endProgress();
        throw new DemoStepTimeoutError(step, timeoutMs, last);
      }
      const progressBar = result.fraction !== undefined ? `${bar(result.fraction)} ` : '';
      n.progress(`${spinner(i)} ${step} ${progressBar}${result.status} ${n.dim(`${elapsed.toFixed(1)}s`)}`);
      await sleep(pollMs);
    }
  }

  async function waitSettled(label: string): Promise<void> {
    const until = now() + reader.settleMs;
    await waitUntil(label, reader.settleMs + 60_000, async () => ({
      done: now() >= until,
      status: `${Math.max(0, (until - now()) / 1000).toFixed(0)} s left`,
      fraction: 1 - Math.max(0, until - now()) / reader.settleMs,
    }));
  }

  const levelStatus = async () => {
    const [level, lag] = await Promise.all([reader.currentLevel(), reader.currentLag()]);
    return { level, lag, text: `level ${level === undefined ? '?' : name(level)}, lag ${lag === undefined ? '?' : formatCount(lag)}` };
  };

  function tierLines(reading: DemoReading, prefix: string): string[] {
    return tiers.map((tier) => {
      const shedRate = reading.shedRateByTier[tier.tier] ?? 0;
      const processing = tier.symbols.filter((s) => (reading.receivedRateBySymbol[s] ?? 0) > 0 && shedRate === 0);
      const dropped = tier.symbols.filter((s) => !processing.includes(s));
      const state = dropped.length === 0
        ? n.green(`processing (${show(`${prefix}.processingSymbols.${tier.tier}`, processing.length, `${processing.length}/${tier.symbols.length} symbols`)})`)
        : n.red(`dropped ${dropped.map(display).join(', ')} (shed ${show(`${prefix}.shedRateByTier.${tier.tier}`, shedRate, formatRate(shedRate))})`);
      return `    tier ${tier.number}  ${tier.symbols.map(display).join(', ').padEnd(12)} ${state}`;
    });
  }

  const startedAt = now();
  // Header.
  n.line(n.bold('K2 resilience under load: live demo'));
  for (const note of options.setupNotes ?? []) n.line(`  ${note}`);

  await waitUntil('collecting a baseline', 120_000, async () => {
    await reader.waitForHistory();
    return { done: true, status: '' };
  });

  // Step 1: current state; recover first if a previous run left the pipeline degraded.
  let baseline = await reader.read();
  if (baseline.level !== normal.value) {
    n.line(n.yellow(`  The pipeline is at ${name(baseline.level)}, not ${normal.name}: triggering recovery first.`));
    const result = await driver.inject({ name: 'recover' });
    annotate(result.events);
    await waitUntil(`waiting for ${normal.name}`, options.recoverTimeoutMs ?? 90_000, async () => {
      const s = await levelStatus();
      return { done: s.level === normal.value && (s.lag ?? 0) <= options.lag * 0.001, status: s.text };
    });
    await waitSettled('letting the rate window pass');
    baseline = await reader.read();
  }
  n.heading('1. Current state');
  n.line(`  Degradation level   ${show('baseline.level', baseline.level, `${name(baseline.level)} (${baseline.level})`)}`);
  n.line(`  Consumer lag        ${show('baseline.lag', baseline.lag, formatCount(baseline.lag))} messages`);
  n.line(`  Throughput          ${show('baseline.processedRate', baseline.processedRate, formatRate(baseline.processedRate))} processed ` +
    `(${show('baseline.consumedRate', baseline.consumedRate, formatRate(baseline.consumedRate))} consumed, rate over ${reader.rateWindowSeconds} s)`);
  n.line('  Symbols processing by tier');
  for (const line of tierLines(baseline, 'baseline')) n.line(line);

  // Step 2: inject lag and wait for the level.
  n.heading(`2. Inject lag: the consumer is throttled to hold ${formatCount(options.lag)} messages`);
  if (expected.lagTrigger !== undefined) {
    n.line(`  ${expected.name} is entered at lag >= ${formatCount(expected.lagTrigger)} (catalog threshold)`);
  }
  const lagAction = await driver.inject({ name: 'lag', lag: options.lag });
  annotate(lagAction.events);
  let reachedLevel = expected.value;
  const levelReachedAt = await waitUntil(`waiting for ${expected.name}`, options.degradeTimeoutMs ?? 90_000, async () => {
    const s = await levelStatus();
    reachedLevel = s.level ?? reachedLevel;
    return { done: (s.level ?? 0) >= expected.value, status: s.text, fraction: Math.min(1, (s.lag ?? 0) / Math.max(1, expected.lagTrigger ?? options.lag)) };
  });
  const secondsToLevel = (levelReachedAt - lagAction.at) / 1000;
  n.line(`  Level reached: ${n.yellow(name(reachedLevel))}, first seen ${secondsToLevel.toFixed(1)} s after the action (polling every ${pollMs / 1000} s)`);
  await waitUntil('waiting for the lag to hold', 60_000, async () => {
    const lag = (await reader.currentLag()) ?? 0;
    return { done: lag >= options.lag * 0.99, status: `lag ${formatCount(lag)}`, fraction: lag / options.lag };
  });
  await waitSettled(`measuring throughput at ${expected.name} over ${reader.rateWindowSeconds} s`);
  const degraded = await reader.read();

  // Step 3: what the degradation did.
  n.heading('3. What the degradation did');
  const shedDuring = degraded.shedTotal - baseline.shedTotal;
  const droppedTiers = tiers.filter((t) => (degraded.shedRateByTier[t.tier] ?? 0) > 0);
  const droppedSymbols = droppedTiers.flatMap((t) => t.symbols.map(display));
  const change = percentChange(baseline.processedRate, degraded.processedRate);
  for (const line of table(
    ['Level', 'Messages shed', 'Symbols dropped', 'Throughput before -> after', 'Change'],
    [[
      show('degraded.level', degraded.level, name(degraded.level)),
      show('degraded.shedTotal-baseline.shedTotal', shedDuring, formatCount(shedDuring)),
      show('degraded.droppedSymbols', droppedSymbols.length, droppedSymbols.length ? droppedSymbols.join(', ') : 'none'),
      `${formatRate(baseline.processedRate)} -> ${show('degraded.processedRate', degraded.processedRate, formatRate(degraded.processedRate))}`,
      show('processedRate.change', change ?? Number.NaN, formatPercent(change)),
    ]],
  )) n.line(`  ${line}`);
  n.line('  Symbols by tier now');
  for (const line of tierLines(degraded, 'degraded')) n.line(line);

  // Step 4: recovery.
  n.heading('4. Trigger recovery: the consumer runs at full capacity again');
  const recoverAction = await driver.inject({ name: 'recover' });
  annotate(recoverAction.events);
  const normalAt = await waitUntil(`waiting for ${normal.name}`, options.recoverTimeoutMs ?? 90_000, async () => {
    const s = await levelStatus();
    return { done: s.level === normal.value, status: s.text, fraction: 1 - Math.min(1, (s.lag ?? 0) / options.lag) };
  });
  const secondsToNormal = (normalAt - recoverAction.at) / 1000;
  n.line(`  Back to ${n.green(normal.name)}, first seen ${secondsToNormal.toFixed(1)} s after the action (hysteresis and cooldown included)`);
  await waitUntil('waiting for the backlog to drain', 60_000, async () => {
    const lag = (await reader.currentLag()) ?? 0;
    return { done: lag <= Math.max(1000, options.lag * 0.001), status: `lag ${formatCount(lag)}` };
  });
  await waitSettled(`measuring throughput at ${normal.name} over ${reader.rateWindowSeconds} s`);
  const recovered = await reader.read();

  // Step 5: confirm.
  n.heading('5. Recovered');
  n.line(`  Degradation level   ${show('recovered.level', recovered.level, `${name(recovered.level)} (${recovered.level})`)}`);
  const resumed = tiers.every((t) => (recovered.shedRateByTier[t.tier] ?? 0) === 0 && t.symbols.every((s) => (recovered.receivedRateBySymbol[s] ?? 0) > 0));
  n.line(`  All symbols resumed ${resumed ? n.green('yes') : n.red('no')}`);
  for (const line of tierLines(recovered, 'recovered')) n.line(line);
  const restored = percentChange(baseline.processedRate, recovered.processedRate);
  n.line(`  Throughput          ${show('recovered.processedRate', recovered.processedRate, formatRate(recovered.processedRate))} processed ` +
    `(before the failure ${formatRate(baseline.processedRate)}, ${show('recovered.change', restored ?? Number.NaN, formatPercent(restored))})`);
  const shedEpisode = recovered.shedTotal - baseline.shedTotal;
  n.line(`  Shed in the episode ${show('recovered.shedTotal-baseline.shedTotal', shedEpisode, formatCount(shedEpisode))} messages ` +
    `(${tiers.map((t) => `tier ${t.number}: ${formatCount((recovered.shedByTier[t.tier] ?? 0) - (baseline.shedByTier[t.tier] ?? 0))}`).join(', ')})`);
  n.line(`                      ${formatCount(shedEpisode - shedDuring)} of them after step 3: the backlog drains through the shedder ` +
    `while the level is still up`);

  // Takeaways, each backed by a figure of this run or a catalog rule.
  n.heading('Key takeaways');
  const neverShed = tiers.filter((t) => t.droppedFrom === undefined);
  for (const tier of neverShed) {
    const shed = (recovered.shedByTier[tier.tier] ?? 0) - (baseline.shedByTier[tier.tier] ?? 0);
    n.line(`  - Tier ${tier.number} (${tier.symbols.map(display).join(', ')}) is never shed: ${formatCount(shed)} of its messages were shed in this run.`);
  }
  n.line(`  - At ${expected.name} only ${droppedTiers.length ? droppedTiers.map((t) => `tier ${t.number} (${t.symbols.map(display).join(', ')})`).join(' and ') : 'no tier'} ` +
    `was shed: throughput changed by ${formatPercent(change)} instead of the pipeline falling over.`);
  if (expected.lagTrigger !== undefined) {
    n.line(`  - Recovery is automatic and has hysteresis: lag must fall below ${config.recovery.lagFactor} x ${formatCount(expected.lagTrigger)} = ` +
      `${formatCount(expected.lagTrigger * config.recovery.lagFactor)} and the cooldown must pass; here it took ${secondsToNormal.toFixed(1)} s.`);
  }
  n.line(`  - Throughput after recovery: ${formatPercent(restored)} against the baseline.`);

  const annotations = await Promise.all(annotationWork);
  if (options.emitter) {
    const journaled = annotations.filter((a) => a.outcome === 'journaled' || a.outcome === 'failed').length;
    n.line();
    n.line(journaled === 0
      ? `  Annotations: ${annotations.length} sent to Grafana (one region per failure).`
      : `  Annotations: ${journaled} of ${annotations.length} kept in the journal ${options.emitter.journal.path}; run \`k2-grafana annotate flush\` when Grafana is up.`);
  }

  return {
    source: reader.source,
    sourceDescription: reader.description,
    rateWindowSeconds: reader.rateWindowSeconds,
    lagTarget: options.lag,
    expectedLevel: { value: expected.value, name: expected.name },
    readings: { baseline, degraded, recovered },
    actions: { lag: lagAction, recover: recoverAction },
    durationSeconds: (now() - startedAt) / 1000,
    observed: { levelReachedAt, normalAt, secondsToLevel, secondsToNormal },
    shown,
    annotations,
  };
}
