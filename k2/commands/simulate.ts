import { listed } from './index.js';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import * as catalog from '../../dashboards/catalog.js';
import { colorEnabled, createEmitterFromEnv, defineCommand, ExitCode, reportError, UsageError, type CliIO } from '../../src/index.js';
import { demoTargetDriver } from '../scenarios/demo-target-driver.js';
import { annotateFailureEvent } from '../scenarios/failure-annotations.js';
import { dockerDriver } from '../scenarios/docker-driver.js';
import { runScenario, type ScenarioRunResult } from '../scenarios/run-scenario.js';
import type { SimulationDriver } from '../scenarios/simulation-driver.js';
import { abortableSleep, closeRegions, untilDoneOrSignal } from './interruption.js';
import type { ScenarioName, SimulationEvent } from '../scenarios/simulation-event.js';

/** Container names of K2's stack, from the catalog; overridable because other deployments name them differently. */
const K2_CONTAINERS = catalog.containers;

interface SimulateArgs {
  scenario: ScenarioName;
  lag: number;
  memory?: number;
  driver: 'demo-target' | 'docker';
  target: string;
  prometheus: string;
  wait: number;
  consumerContainer: string;
  streamContainer: string;
  stateFile: string;
  output: 'text' | 'json';
  annotations: boolean;
  journal?: string;
}

export const simulateCommand = defineCommand<SimulateArgs>({
  ...listed('simulate'),
  examples: [
    ['$0 simulate --scenario lag', 'Build consumer lag to 600,000 and hold it (MODERATE); prints the level Prometheus sees'],
    ['$0 simulate --scenario lag --lag 1200000', 'Hold 1.2M lag: SEVERE'],
    ['$0 simulate --scenario disconnect', 'Stop the stream; the circuit breaker opens'],
    ['$0 simulate --scenario recover', 'Lift every failure; levels recover with hysteresis'],
    ['$0 simulate --scenario lag --driver docker --consumer-container my-consumer', 'docker pause a real consumer'],
  ],
  builder: (y: Argv) =>
    y
      .option('scenario', { type: 'string', choices: ['lag', 'disconnect', 'recover', 'memory'], demandOption: true, describe: 'What to do' })
      .option('lag', { type: 'number', default: 600_000, describe: 'Lag target (messages) the lag scenario builds and holds' })
      .option('memory', { type: 'number', describe: 'Modelled memory percent for the memory scenario (demo target only)' })
      .option('driver', { type: 'string', choices: ['demo-target', 'docker'], default: 'demo-target', describe: 'How failures are injected' })
      .option('target', { type: 'string', describe: 'Demo target URL [env K2_DEMO_TARGET_URL, default http://127.0.0.1:9464]' })
      .option('prometheus', { type: 'string', describe: 'Prometheus URL [env PROMETHEUS_URL, default http://localhost:9090]' })
      .option('wait', { type: 'number', default: 30, describe: 'Seconds to poll Prometheus for the expected outcome (0 = read once)' })
      .option('consumer-container', { type: 'string', describe: `Container docker pauses for lag [env K2_CONSUMER_CONTAINER, default ${K2_CONTAINERS.consumer}]` })
      .option('stream-container', { type: 'string', describe: `Container docker pauses for disconnect [env K2_STREAM_CONTAINER, default ${K2_CONTAINERS.stream}]` })
      .option('state-file', { type: 'string', default: '.k2-grafana/simulation-state.json', describe: 'Where the docker driver remembers open failures' })
      .option('annotations', { type: 'boolean', default: true, describe: 'Mark each failure as a Grafana region annotation (journaled when Grafana is down; --no-annotations to skip)' })
      .option('journal', { type: 'string', describe: 'Annotation journal file [env K2_ANNOTATION_JOURNAL, default .k2-grafana/annotations.journal]' })
      .option('output', { type: 'string', choices: ['text', 'json'], default: 'text', describe: 'json: one object with the events and the reading' }),
  async run(args: SimulateArgs, io: CliIO): Promise<ExitCode> {
    if (!Number.isFinite(args.lag) || args.lag < 0) throw new UsageError(`--lag must be a non-negative number, got ${args.lag}`);
    if (!Number.isFinite(args.wait) || args.wait < 0) throw new UsageError(`--wait must be a non-negative number of seconds, got ${args.wait}`);
    if (args.scenario === 'memory' && (args.memory === undefined || args.memory < 0 || args.memory > 100)) {
      throw new UsageError('the memory scenario needs --memory <0..100>');
    }
    const targetUrl = args.target ?? io.env.K2_DEMO_TARGET_URL ?? 'http://127.0.0.1:9464';
    const prometheusUrl = args.prometheus ?? io.env.PROMETHEUS_URL ?? 'http://localhost:9090';
    const driver: SimulationDriver =
      args.driver === 'docker'
        ? dockerDriver({
            consumerContainer: args.consumerContainer ?? io.env.K2_CONSUMER_CONTAINER ?? K2_CONTAINERS.consumer,
            streamContainer: args.streamContainer ?? io.env.K2_STREAM_CONTAINER ?? K2_CONTAINERS.stream,
            stateFile: resolve(io.cwd, args.stateFile),
            env: io.env as NodeJS.ProcessEnv,
          })
        : demoTargetDriver({ url: targetUrl });

    const text = args.output === 'text';
    const color = colorEnabled(io);
    const paint = (code: number, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
    if (text) io.stdout(`${describeStep(args)} via ${driver.name === 'docker' ? 'docker' : `the demo target at ${targetUrl}`}\n`);

    // One region annotation per failure: opened on start, closed on recover (the emitter journals when Grafana is down).
    const emitter = args.annotations
      ? createEmitterFromEnv({
          env: io.env,
          cwd: io.cwd,
          baseTags: [catalog.grafana.simulationAnnotationTag],
          ...(args.journal ? { journalPath: args.journal } : {}),
          onWarning: (m) => io.stderr(`warning: ${m}\n`),
        }).emitter
      : undefined;
    const annotated: string[] = [];
    const onEvent = async (event: SimulationEvent) => {
      if (!emitter) return;
      const outcome = await annotateFailureEvent(emitter, event);
      annotated.push(`annotation ${event.phase === 'start' ? 'opened' : 'closed'} for ${event.eventId}: ${outcome.outcome}${outcome.reason ? ` (${outcome.reason})` : ''}`);
    };

    // A step interrupted before it finished is undone: the failure it started is lifted and its region closed.
    let applied = false;
    const tracked: SimulationDriver = { ...driver, apply: (step) => ((applied = true), driver.apply(step)) };
    return untilDoneOrSignal(io, async (signal) => {
      const result = await runScenario({
        scenario: args.scenario,
        lag: args.lag,
        memory: args.memory,
        driver: tracked,
        config: catalog,
        prometheusUrl,
        waitSeconds: args.wait,
        onEvent,
        sleep: abortableSleep(signal),
      });

      const { readingError, ...rest } = result;
      if (!text) {
        const error = readingError ? { code: readingError.code, message: readingError.message, hint: readingError.hint } : undefined;
        io.stdout(`${JSON.stringify({ ...rest, readingError: error, annotations: annotated })}\n`);
        return readingError ? reportError(readingError, io) : ExitCode.Ok;
      }
      for (const note of result.notes) io.stderr(`note: ${note}\n`);
      for (const error of result.hookErrors) io.stderr(`warning: event hook failed: ${error}\n`);
      for (const event of result.events) io.stdout(`  ${event.phase === 'start' ? 'started' : 'ended'} ${event.scenario} event ${event.eventId} at ${new Date(event.at).toISOString()}\n`);
      for (const line of annotated) io.stdout(`  ${line}\n`);
      printReading(result, io, paint);
      if (readingError) {
        io.stderr(`The ${result.scenario} step was applied, but its outcome could not be read.\n`);
        return reportError(readingError, io);
      }
      return ExitCode.Ok;
    }, async () => {
      if (args.scenario === 'recover' || !applied) return [`${args.scenario}: not applied yet, nothing to restore`];
      const lines = [`${driver.name === 'docker' ? 'docker' : `demo target at ${targetUrl}`}: recovery applied (${args.scenario} scenario stopped)`];
      return [...lines, ...(await closeRegions(emitter, await driver.apply({ scenario: 'recover' })))];
    });
  },
});

function describeStep(args: SimulateArgs): string {
  switch (args.scenario) {
    case 'lag':
      return args.driver === 'docker' ? `lag: pausing the consumer` : `lag: building consumer lag to ${args.lag.toLocaleString('en-US')} messages and holding it`;
    case 'disconnect':
      return 'disconnect: stopping the stream';
    case 'memory':
      return `memory: modelled memory at ${args.memory}%`;
    case 'recover':
      return 'recover: restoring the consumer and the stream';
  }
}

function printReading(result: ScenarioRunResult, io: CliIO, paint: (code: number, s: string) => string): void {
  const reading = result.reading;
  if (!reading) return;
  const level = catalog.levels.find((l) => l.value === reading.value);
  const colour = level ? ({ green: 32, yellow: 33, orange: 33, red: 31, 'dark-red': 31 } as Record<string, number>)[level.color] ?? 0 : 0;
  const breaker = reading.breaker ? `, circuit breaker ${reading.breaker.name} (${reading.breaker.value})` : '';
  io.stdout(`${catalog.metrics.degradationLevel.name} = ${reading.value} ${paint(colour, reading.name)}${breaker} (Prometheus, ${reading.afterSeconds}s after the action)\n`);
  if (!reading.reached) io.stderr(`note: expected ${result.expected} but Prometheus did not show it yet; it may follow (cooldown, scrape interval)\n`);
}
