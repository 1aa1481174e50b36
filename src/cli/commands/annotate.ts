import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import {
  createEmitterFromEnv,
  createPrometheusClient,
  LevelWatcher,
  runLevelWatcher,
  type EmitResult,
  type FlushReport,
} from '../../annotations/index.js';
import type { LoadedConfig } from '../../config/load-config.js';
import type { LevelWatchConfig } from '../../config/project-config.js';
import { UsageError } from '../../errors.js';
import { checkNumber, MAX_TIMER_SECONDS } from '../arg-checks.js';
import { grafanaFor, grafanaOptions, secondsFlag, type GrafanaArgs } from '../grafana-target.js';
import { listed } from './index.js';
import { defineCommand, type CommandContext } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIO } from '../io.js';

const actions = ['emit', 'open', 'close', 'flush', 'status', 'watch'] as const;
type Action = (typeof actions)[number];

interface AnnotateArgs extends GrafanaArgs {
  action: Action;
  text?: string;
  eventId?: string;
  time?: string;
  timeEnd?: string;
  tag?: string[];
  scenario?: string;
  dashboardUid?: string;
  panelId?: number;
  journal?: string;
  interval: number;
  lookback: number;
  duration?: number;
  output: 'text' | 'json';
}

/** Epoch ms from a number (ms) or an ISO date; `now` when absent. */
function parseTime(value: string | undefined, name: string): number {
  if (value === undefined || value === '') return Date.now();
  const asNumber = Number(value);
  const ms = Number.isFinite(asNumber) ? asNumber : Date.parse(value);
  // 8.64e15 ms is the last instant a Date can hold.
  if (!Number.isFinite(ms) || ms <= 0 || ms > 8.64e15) throw new UsageError(`--${name} "${value}" is neither epoch milliseconds nor an ISO date`);
  return ms;
}

/** The numeric flags, checked before anything is journaled or polled (yargs passes NaN, 0 and negatives through). */
function checkNumbers(args: AnnotateArgs): void {
  checkNumber('panel-id', args.panelId, { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true });
  checkNumber('interval', args.interval, { min: 0.1, max: MAX_TIMER_SECONDS, unit: 'of seconds' });
  checkNumber('lookback', args.lookback, { min: 0, max: 90 * 86_400, unit: 'of seconds' });
  checkNumber('duration', args.duration, { min: 0, minInclusive: false, max: MAX_TIMER_SECONDS, unit: 'of seconds' });
}

const outcomeExit: Record<EmitResult['outcome'], ExitCode> = {
  sent: ExitCode.Ok,
  'already-present': ExitCode.Ok,
  journaled: ExitCode.Unreachable,
  failed: ExitCode.Unreachable,
  rejected: ExitCode.Invalid,
};

function printResult(io: CliIO, args: AnnotateArgs, result: EmitResult, journalPath: string): ExitCode {
  if (args.output === 'json') io.stdout(`${JSON.stringify(result)}\n`);
  else {
    const id = result.id !== undefined ? ` (annotation id ${result.id})` : '';
    io.stdout(`event ${result.eventId}: ${result.outcome}${id}\n`);
    if (result.outcome === 'journaled') io.stderr(`${notDelivered(result)}; kept in ${journalPath}. ${fixFor(result.code)}\n`);
    else if (result.reason) io.stderr(`${result.reason}\n`);
  }
  return outcomeExit[result.outcome];
}

/** Why a journaled event was not delivered, in the words of its cause (forbidden is not "unreachable"). */
function notDelivered(result: Pick<EmitResult, 'reason' | 'code'>): string {
  if (result.code === 'forbidden') return `Grafana refused it: the token lacks a permission (${result.reason})`;
  if (result.code === 'unauthorized') return `Grafana refused the credentials (${result.reason})`;
  if (result.reason?.includes("not Grafana's API")) return `not delivered (${result.reason})`;
  return `Grafana unreachable (${result.reason ?? 'no answer'})`;
}

function fixFor(code: string | undefined): string {
  if (code === 'forbidden') return 'Grant the service account the permission named above (README, "Permissions a CI token needs"), then run `k2-grafana annotate flush`.';
  if (code === 'unauthorized') return 'Fix GRAFANA_TOKEN (or GRAFANA_USER/GRAFANA_PASSWORD), then run `k2-grafana annotate flush`.';
  return 'Run `k2-grafana annotate flush` once it is back.';
}

function printFlush(io: CliIO, args: AnnotateArgs, report: FlushReport): ExitCode {
  if (args.output === 'json') io.stdout(`${JSON.stringify(report)}\n`);
  else {
    for (const r of report.results) io.stdout(`${r.op} ${r.eventId}: ${r.outcome}${r.id !== undefined ? ` (annotation id ${r.id})` : ''}${r.reason ? ` - ${r.reason}` : ''}\n`);
    io.stdout(`${report.pending} event(s) still pending\n`);
    const stuck = report.results.find((r) => r.outcome === 'journaled' && r.code !== undefined);
    if (stuck) io.stderr(`${notDelivered(stuck)}. ${fixFor(stuck.code)}\n`);
  }
  if (report.results.some((r) => r.outcome === 'rejected') || (report.unreadable ?? 0) > 0) return ExitCode.Invalid;
  return report.pending > 0 ? ExitCode.Unreachable : ExitCode.Ok;
}

export const annotateCommand = defineCommand<AnnotateArgs>({
  ...listed('annotate'),
  examples: [
    ['$0 annotate emit --text "Deployed v2.3.1" --tag ops', 'A point annotation now, tagged with the config\'s annotations.tags and "ops"'],
    ['$0 annotate open --event-id lag-42 --scenario lag --text "Lag injected"', 'Open a region (a failure started)'],
    ['$0 annotate close --event-id lag-42', 'Close it now (PATCHes its end time)'],
    ['$0 annotate flush', 'Replay events journaled while Grafana was unreachable, each exactly once'],
    ['PROMETHEUS_URL=http://localhost:9090 $0 annotate watch', "Annotate every change of the config's annotations.watch gauge until Ctrl-C"],
  ],
  builder: (y: Argv) =>
    y
      .positional('action', { choices: actions, describe: 'emit | open | close | flush | status | watch', demandOption: true })
      .option('text', { type: 'string', describe: 'Annotation text (emit, open; close replaces it when given)' })
      .option('event-id', { type: 'string', describe: 'Unique event id (tag event:<id>); makes the call idempotent. Generated for emit when absent' })
      .option('time', { type: 'string', describe: 'Start, epoch ms or ISO date (default: now)' })
      .option('time-end', { type: 'string', describe: 'End, epoch ms or ISO date: makes emit a region; the end for close (default: now)' })
      .option('tag', { type: 'string', array: true, describe: 'Extra tag (repeatable)' })
      .option('scenario', { type: 'string', describe: 'Scenario name, added as tag scenario:<name>' })
      .option('dashboard-uid', { type: 'string', describe: 'Scope to this dashboard (default: organisation-wide, shown by the tag query)' })
      .option('panel-id', { type: 'number', describe: 'Scope to this panel (with --dashboard-uid)' })
      .option('journal', { type: 'string', describe: "Journal file (default: K2_ANNOTATION_JOURNAL, else the config's annotations.journal, else .k2-grafana/annotations.journal)" })
      .option('interval', { type: 'number', default: 2, describe: 'watch: seconds between Prometheus polls' })
      .option('lookback', { type: 'number', default: 0, describe: 'watch: also annotate changes this many seconds back (already annotated ones are skipped)' })
      .option('duration', { type: 'number', describe: 'watch: stop after this many seconds (default: until Ctrl-C)' })
      .option('output', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
      .option('verbose', { type: 'boolean', default: false, describe: 'Say where each Grafana setting came from' })
      .options(grafanaOptions),
  async run(args, io, context) {
    checkNumbers(args);
    const warnings = (message: string) => io.stderr(`warning: ${message}\n`);
    const settings = context.config?.config.annotations ?? {};
    const watchConfig = args.action === 'watch' ? requireWatch(context) : undefined;
    const journal = args.journal ?? journalFromConfig(io, context.config);
    // The config's context (or --url, GRAFANA_URL) names the Grafana; status alone reads only the journal.
    const grafana = args.action === 'status' ? undefined : grafanaFor(args, io, context);
    const { emitter } = createEmitterFromEnv({
      env: io.env,
      cwd: io.cwd,
      // Where and as whom; the emitter's own short timeouts stay unless --timeout / --retry-budget say otherwise
      // (an event must not wait on a slow Grafana: it is journaled instead).
      ...(grafana ? { client: { ...pick(grafana.client, ['url', 'orgId', 'token', 'user', 'password']), ...waits(args) } } : {}),
      baseTags: watchConfig ? (watchConfig.tags ?? settings.tags ?? []) : (settings.tags ?? []),
      ...(journal !== undefined ? { journalPath: journal } : {}),
      ...(args.dashboardUid !== undefined ? { dashboardUID: args.dashboardUid } : {}),
      ...(args.panelId !== undefined ? { panelId: args.panelId } : {}),
      onWarning: warnings,
    });
    const journalPath = emitter.journal.path;
    const tags = [...(args.tag ?? []), ...(args.scenario ? [`scenario:${args.scenario}`] : [])];

    switch (args.action) {
      case 'emit':
      case 'open': {
        if (!args.text) throw new UsageError(`annotate ${args.action} needs --text`);
        if (args.action === 'open' && !args.eventId) throw new UsageError('annotate open needs --event-id (close uses the same id)');
        const time = parseTime(args.time, 'time');
        const eventId = args.eventId ?? `cli-${time}-${Math.random().toString(36).slice(2, 8)}`;
        const event = { eventId, time, text: args.text, tags };
        if (args.action === 'open') return printResult(io, args, await emitter.openRegion(event), journalPath);
        if (args.timeEnd === undefined) return printResult(io, args, await emitter.point(event), journalPath);
        // A region known in full: posted as one annotation (open and close replay together).
        const timeEnd = parseTime(args.timeEnd, 'time-end');
        if (timeEnd < time) throw new UsageError(`--time-end ${new Date(timeEnd).toISOString()} is before --time ${new Date(time).toISOString()}`, 'A region ends after it starts: swap them, or drop --time-end for a point annotation.');
        const opened = await emitter.openRegion(event);
        if (opened.outcome === 'rejected' || opened.outcome === 'failed') return printResult(io, args, opened, journalPath);
        return printResult(io, args, await emitter.closeRegion({ eventId, timeEnd }), journalPath);
      }
      case 'close': {
        if (!args.eventId) throw new UsageError('annotate close needs --event-id (the id the region was opened with)');
        const timeEnd = parseTime(args.timeEnd, 'time-end');
        return printResult(io, args, await emitter.closeRegion({ eventId: args.eventId, timeEnd, ...(args.text ? { text: args.text } : {}) }), journalPath);
      }
      case 'flush':
        return printFlush(io, args, await emitter.flush());
      case 'status': {
        const { pending, unreadable, rejected } = await emitter.journal.status();
        const rejectedPath = emitter.journal.rejectedPath;
        if (args.output === 'json') io.stdout(`${JSON.stringify({ journal: journalPath, pending, unreadable, rejected, rejectedFile: rejectedPath })}\n`);
        else {
          io.stdout(`${pending} event(s) pending in ${journalPath}\n`);
          if (rejected > 0) io.stdout(`${rejected} line(s) kept in ${rejectedPath} (refused by Grafana or unreadable): read them, fix and re-emit what matters\n`);
        }
        if (unreadable === 0) return ExitCode.Ok;
        // A journal of garbage must not pass for an empty one.
        if (args.output !== 'json') io.stderr(`${unreadable} line(s) of ${journalPath} are not journal entries (torn or corrupted); \`annotate flush\` moves them, as written, to ${rejectedPath}\n`);
        return ExitCode.Invalid;
      }
      case 'watch':
        return watch(args, io, emitter, watchConfig!);
    }
  },
});

/** `annotate watch` follows the gauge the project's config names; without one there is nothing to watch. */
function requireWatch(context: CommandContext): LevelWatchConfig {
  const watch = context.config?.config.annotations?.watch;
  if (watch) return watch;
  const where = context.config ? context.config.path : 'k2-grafana.config.ts (none was found; --config points at one)';
  throw new UsageError(
    'annotate watch needs a level gauge to follow, and the project config names none',
    `Add to ${where}: annotations: { watch: { selector: 'app_health_level{job="api"}', levels: { 0: 'OK', 1: 'WARN', 2: 'DOWN' } } }`,
  );
}

/** The config's journal, relative to the config's folder; K2_ANNOTATION_JOURNAL (environment) wins over it. */
function journalFromConfig(io: CliIO, loaded: LoadedConfig | undefined): string | undefined {
  const journal = loaded?.config.annotations?.journal;
  if (journal === undefined || io.env.K2_ANNOTATION_JOURNAL) return undefined;
  return resolve(loaded!.dir, journal);
}

async function watch(args: AnnotateArgs, io: CliIO, emitter: ReturnType<typeof createEmitterFromEnv>['emitter'], config: LevelWatchConfig): Promise<ExitCode> {
  const prometheusUrl = io.env.PROMETHEUS_URL || 'http://localhost:9090';
  const { selector } = config;
  const levelText = (value: number) => (config.levels?.[value] !== undefined ? `${value} ${config.levels[value]}` : String(value));
  const watcher = new LevelWatcher({
    prometheus: createPrometheusClient({ url: prometheusUrl }),
    emitter,
    selector,
    ...(config.subject !== undefined ? { subject: config.subject } : {}),
    levelName: (value) => config.levels?.[value] ?? String(value),
    lookbackMs: args.lookback * 1000,
    onChange: (change, result) => {
      const line = { at: new Date(change.at).toISOString(), from: change.from, to: change.to, eventId: change.eventId, outcome: result.outcome };
      io.stdout(args.output === 'json' ? `${JSON.stringify(line)}\n` : `${line.at} level ${levelText(change.from)} -> ${levelText(change.to)}: ${result.outcome}\n`);
    },
  });
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const timer = args.duration !== undefined ? setTimeout(stop, args.duration * 1000) : undefined;
  if (args.output === 'text') io.stderr(`watching ${selector} at ${prometheusUrl} every ${args.interval}s (Ctrl-C stops)\n`);
  let lastError = '';
  try {
    await runLevelWatcher(watcher, {
      intervalMs: args.interval * 1000,
      signal: controller.signal,
      onError: (error) => {
        const message = error instanceof Error ? error.message : String(error);
        if (message !== lastError) io.stderr(`warning: ${message} (retrying)\n`);
        lastError = message;
      },
    });
  } finally {
    if (timer) clearTimeout(timer);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  return ExitCode.Ok;
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]])) as Partial<Pick<T, K>>;
}

function waits(args: AnnotateArgs): { timeoutMs?: number; retry?: { budgetMs: number } } {
  const timeoutMs = secondsFlag('timeout', args.timeout);
  const budgetMs = secondsFlag('retry-budget', args['retry-budget']);
  return { ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(budgetMs !== undefined ? { retry: { budgetMs } } : {}) };
}
