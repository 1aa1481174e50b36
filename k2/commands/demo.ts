import { listed } from './index.js';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import * as catalog from '../../dashboards/catalog.js';
import { clientOptionsFromEnv, colorEnabled, createEmitterFromEnv, createGrafanaClient, defineCommand, ExitCode, grafanaHealth, UsageError, type AnnotationEmitter, type CliIO } from '../../src/index.js';
import { createNarrator, prepareDemoEnvironment, runDemo, type DemoConfig } from '../demo/index.js';
import type { ScenarioDriver } from '../demo/scenario-driver.js';
import { startDemoTarget } from '../target/demo-target.js';
import { abortableSleep, closeRegions, untilDoneOrSignal } from './interruption.js';

interface DemoArgs {
  lag: number;
  quick: boolean;
  targetUrl?: string;
  prometheusUrl?: string;
  source: 'auto' | 'prometheus' | 'metrics';
  scrapeInterval: number;
  rateWindow?: number;
  profile: string;
  annotations: boolean;
  journal?: string;
  timeout: number;
  jsonOut?: string;
  output: 'text' | 'json';
}

/** The K2 catalog as the demo reads it (levels, tiers, recovery rule, metric names). */
const demoConfig: DemoConfig = { ...catalog, symbolDisplayName: catalog.symbolDisplayName };

export const demoCommand = defineCommand<DemoArgs>({
  ...listed('demo'),
  examples: [
    ['$0 demo', 'Works with nothing running: starts a demo target (and Prometheus when installed)'],
    ['$0 demo --quick', 'Shorter rate windows: about half the time'],
    ['PROMETHEUS_URL=http://localhost:9090 GRAFANA_URL=http://localhost:3000 $0 demo', 'Against the docker compose stack'],
    ['$0 demo --lag 1200000', 'Hold 1.2M messages of lag: SEVERE, tier 2 shed too'],
    ['$0 demo --json-out demo.json', 'Also write every figure shown, with its PromQL and evaluation time'],
  ],
  builder: (y: Argv) =>
    y
      .option('lag', { type: 'number', default: 600_000, describe: 'Lag the lag scenario holds (600k: MODERATE; 1.2M: SEVERE)' })
      .option('quick', { type: 'boolean', default: false, describe: 'Shorter rate windows (5 s) for a faster run' })
      .option('target-url', { type: 'string', describe: 'Running demo target (default: K2_DEMO_TARGET_URL, else http://127.0.0.1:9464 if up, else start one)' })
      .option('prometheus-url', { type: 'string', describe: 'Prometheus scraping that target (default: PROMETHEUS_URL)' })
      .option('source', { choices: ['auto', 'prometheus', 'metrics'] as const, default: 'auto' as const, describe: 'Where figures come from' })
      .option('scrape-interval', { type: 'number', default: 5, describe: 'Scrape interval (s) of an external Prometheus (compose: 5)' })
      .option('rate-window', { type: 'number', describe: 'Rate window in seconds (default: 10, 5 with --quick, at least 3 scrapes)' })
      .option('profile', { choices: Object.keys(catalog.profiles), default: 'demo', describe: 'Timing profile of a target the demo starts' })
      .option('annotations', { type: 'boolean', default: true, describe: 'Mark each failure as a region annotation (--no-annotations to skip)' })
      .option('journal', { type: 'string', describe: 'Annotation journal file (default: .k2-grafana/annotations.journal)' })
      .option('timeout', { type: 'number', default: 90, describe: 'Seconds to wait for each level change' })
      .option('json-out', { type: 'string', describe: 'Write the figures shown (values, PromQL, evaluation times) to this file' })
      .option('output', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'json: the report on stdout, narration on stderr' }),
  async run(args, io) {
    if (!(args.lag > 0)) throw new UsageError('--lag must be a positive number of messages');
    const write = args.output === 'json' ? io.stderr : io.stdout;
    const narrator = createNarrator({ write, color: colorEnabled(io), tty: io.isTTY });
    const quietLog = () => undefined;
    const profile = catalog.profiles[args.profile as catalog.ProfileName];
    const rateWindow = args.rateWindow ?? (args.quick ? 5 : undefined);

    const environment = await prepareDemoEnvironment({
      config: demoConfig,
      env: io.env,
      targetUrl: args.targetUrl ?? (io.env.K2_DEMO_TARGET_URL || io.env.DEMO_TARGET_URL || undefined),
      prometheusUrl: args.prometheusUrl ?? (io.env.PROMETHEUS_URL || undefined),
      source: args.source,
      externalScrapeIntervalSeconds: args.scrapeInterval,
      ...(rateWindow !== undefined ? { rateWindowSeconds: rateWindow } : {}),
      startTarget: () => startDemoTarget({ config: catalog, profile, port: 0, log: quietLog }),
    });
    try {
      const notes = [...environment.notes];
      let emitter: AnnotationEmitter | undefined;
      if (args.annotations) {
        const created = createEmitterFromEnv({
          env: io.env, cwd: io.cwd, baseTags: [catalog.grafana.simulationAnnotationTag],
          ...(args.journal ? { journalPath: args.journal } : {}),
          onWarning: (m) => io.stderr(`warning: ${m}\n`),
        });
        emitter = created.emitter;
        const up = await grafanaUp(io);
        notes.push(up
          ? `annotations: Grafana at ${created.grafanaUrl}; dashboard ${created.grafanaUrl.replace(/\/+$/, '')}/d/${catalog.grafana.degradationDashboardUid}`
          : `annotations: Grafana not reachable at ${created.grafanaUrl}, so they go to the journal ${emitter.journal.path} (replay: k2-grafana annotate flush)`);
      } else notes.push('annotations: off (--no-annotations)');

      const driver = trackFailures(environment.driver);
      return await untilDoneOrSignal(io, async (signal) => {
        const report = await runDemo({
          config: demoConfig,
          reader: environment.reader,
          driver,
          narrator,
          ...(emitter ? { emitter } : {}),
          lag: args.lag,
          setupNotes: notes,
          degradeTimeoutMs: args.timeout * 1000,
          recoverTimeoutMs: args.timeout * 1000,
          sleep: abortableSleep(signal),
        });
        const json = `${JSON.stringify({ ...report, queries: 'queries' in environment.reader ? environment.reader.queries : undefined }, null, 2)}\n`;
        if (args.jsonOut) await writeFile(resolve(io.cwd, args.jsonOut), json);
        if (args.output === 'json') io.stdout(json);
        return ExitCode.Ok;
      }, async () => {
        narrator.endProgress();
        const lines: string[] = [];
        if (driver.open.size > 0) {
          const { events } = await environment.driver.inject({ name: 'recover' });
          lines.push(`demo target at ${environment.targetUrl}: recovery triggered (lag scenario stopped, consumer at full capacity)`);
          lines.push(...(await closeRegions(emitter, events)));
        } else lines.push(`demo target at ${environment.targetUrl}: no failure injected yet, nothing to restore`);
        lines.push('what the demo started here (a demo target, a Prometheus and its temporary folder) is stopped and removed');
        return lines;
      });
    } finally {
      await environment.close();
    }
  },
});

/** The driver, remembering which failures it started and has not ended: what an interruption must undo. */
function trackFailures(driver: ScenarioDriver): ScenarioDriver & { readonly open: Set<string> } {
  const open = new Set<string>();
  return {
    open,
    async inject(request) {
      // Counted before the answer: a lag request in flight when the signal comes may still be applied.
      if (request.name === 'lag') open.add('(requested)');
      const result = await driver.inject(request);
      open.delete('(requested)');
      for (const event of result.events) {
        if (event.phase === 'start') open.add(event.eventId);
        else open.delete(event.eventId);
      }
      return result;
    },
  };
}

/** One quick health probe, only to tell the presenter where annotations will go. */
async function grafanaUp(io: CliIO): Promise<boolean> {
  try {
    await grafanaHealth(createGrafanaClient(clientOptionsFromEnv(io.env, { timeoutMs: 2000, retry: { maxAttempts: 1 } })));
    return true;
  } catch {
    return false;
  }
}
