import type { Argv } from 'yargs';
import { provision, type ProvisionResult } from '../../apply/index.js';
import { StaleArtifactsError } from '../../errors.js';
import { checkNumber } from '../arg-checks.js';
import { describeOverrides } from '../../config/context-overrides.js';
import { GrafanaApiError } from '../../grafana/index.js';
import type { ApplyEvent } from '../../model/index.js';
import { formatChanges, formatPlan, formatResult, formatSummary, planToJson } from '../../plan/index.js';
import { compareArtifacts } from '../../render/index.js';
import { listed } from './index.js';
import { defineCommand, type CommandContext } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { apiOptions, apiSettings, grafanaClientFor, grafanaOptions, reportApis, type ApiArgs, type GrafanaArgs } from '../grafana-target.js';
import { reportError } from '../report-error.js';
import { colorEnabled, type CliIO } from '../io.js';
import { artifactOptions, prepareArtifacts, printIssues, type ArtifactArgs } from '../project-artifacts.js';

/** Outcomes worth a line of their own: something was written, or should have been. */
const WRITTEN = new Set(['created', 'updated', 'deleted', 'failed', 'not-applied']);

/** Flags plan and provision share. */
export interface PushArgs extends ArtifactArgs, GrafanaArgs, ApiArgs {
  force: boolean;
  prune: boolean;
  'editable-rules': boolean;
  'editable-dashboards': boolean;
  concurrency: number;
  'exit-code': boolean;
  verbose: boolean;
}

export interface ProvisionArgs extends PushArgs {
  'dry-run': boolean;
}

export function pushOptions(yargs: Argv): Argv<PushArgs> {
  return artifactOptions(yargs)
    .option('force', { type: 'boolean', default: false, describe: 'Overwrite objects edited in Grafana since the last push (drift), and take over same-uid objects k2-grafana does not own' })
    .option('prune', { type: 'boolean', default: false, describe: 'Delete objects k2-grafana owns that are no longer defined (never a folder holding objects it does not own)' })
    .option('editable-rules', { type: 'boolean', default: false, describe: 'Leave alert rules editable in the Grafana UI (sends X-Disable-Provenance); default: locked' })
    .option('editable-dashboards', { type: 'boolean', default: false, describe: 'Leave dashboards and folders editable in the Grafana UI where it shows them managed (app-platform path: grafana.app/managerAllowsEdits); default: locked' })
    .option('concurrency', { type: 'number', default: 8, describe: 'Requests in flight at once' })
    .option('exit-code', { type: 'boolean', default: false, describe: 'Exit 2 when changes are pending or Grafana drifted' })
    .option('verbose', { type: 'boolean', default: false, describe: 'Say where each setting came from and log every request to stderr (credentials and secrets redacted)' })
    .options(grafanaOptions)
    .options(apiOptions) as Argv<PushArgs>;
}



/** What plan, provision --dry-run and provision share: check provisioning/ is current, read Grafana, plan, maybe apply. */
export async function runPush(args: PushArgs, io: CliIO, context: CommandContext, mode: { dryRun: boolean }): Promise<ExitCode> {
  checkNumber('concurrency', args.concurrency, { min: 1, max: 1000, integer: true });
  // Which Grafana, before any work: a wrong context or an unset token is the first thing to hear about.
  const { grafana, client } = grafanaClientFor(args, io, context);
  const prepared = await prepareArtifacts(args, io, context);
  if (!prepared.ok) {
    printIssues(io, prepared.issues, 'nothing was pushed');
    return ExitCode.Invalid;
  }
  // What is pushed is exactly what was reviewed: the committed files must be what the definitions generate.
  const stale = await compareArtifacts(prepared.artifacts, prepared.outDir);
  if (stale.length > 0) throw new StaleArtifactsError(stale);

  const json = args.output === 'json';
  const color = colorEnabled(io);
  const overrideLines = describeOverrides(grafana.overrides);
  if (!json && overrideLines.length > 0) io.stdout(`context ${grafana.context}: ${overrideLines.join('; ')}\n`);
  const progress = !json && io.isTTY && !mode.dryRun;
  const onEvent = (event: ApplyEvent): void => {
    if (progress && event.type === 'object' && WRITTEN.has(event.result.outcome)) {
      io.stdout(formatResult(event.result, { color }));
    }
  };
  let result: ProvisionResult;
  try {
    result = await provision({
      project: prepared.loaded.project, client, env: io.env, force: args.force, prune: args.prune,
      editableRules: args['editable-rules'], concurrency: args.concurrency, dryRun: mode.dryRun, onEvent, overrides: grafana.overrides,
      ...apiSettings(args, grafana, io), editableDashboards: args['editable-dashboards'],
    });
  } catch (error) {
    // A read failed before any write: Grafana unreachable, credentials rejected, a permission missing, or a server
    // error that outlasted the retries. Grafana's message and what to check; nothing was written.
    if (error instanceof GrafanaApiError) return reportError(error, io, context.verb, { note: 'nothing was written to Grafana', exitCode: ExitCode.Unreachable });
    throw error;
  }

  const { plan, summary } = result;
  reportApis(result.apis, args, io);
  const contextJson = grafana.context !== undefined ? { context: grafana.context, url: grafana.client.url, overrides: grafana.overrides } : {};
  if (json) io.stdout(`${JSON.stringify({ ...contextJson, apis: result.apis, plan: planToJson(plan), ...(summary ? { summary } : {}) }, null, 2)}\n`);
  else if (!summary) io.stdout(formatPlan(plan, { color }));
  else {
    // Without a terminal there was no progress: list what was written (or failed) once, for CI logs.
    if (!progress) for (const r of summary.results) if (WRITTEN.has(r.outcome)) io.stdout(formatResult(r, { color }));
    io.stdout(formatChanges(plan.changes.filter((c) => c.action === 'drift' || c.action === 'kept'), { color }));
    io.stdout(formatSummary(summary, { color }));
  }

  if (!summary) return args['exit-code'] && (plan.pending || plan.counts.drift > 0) ? ExitCode.Changes : ExitCode.Ok;
  const applied = summary.counts.created + summary.counts.updated + summary.counts.deleted;
  const broken = summary.counts.failed + summary.counts['not-applied'];
  if (summary.aborted && applied === 0) {
    io.stderr(`error: ${summary.aborted.message}\n${summary.aborted.hint ? `hint: ${summary.aborted.hint}\n` : ''}`);
    return ExitCode.Unreachable;
  }
  if (broken > 0) {
    if (!json) io.stderr(`error: ${broken} object(s) not applied, ${applied} applied (listed above); run provision again once the cause is fixed\n`);
    // Refused for want of a permission (or credentials): the token is what to fix, so exit as forbidden (3), with its hint.
    const failed = summary.results.filter((r) => r.outcome === 'failed');
    const refused = failed.find((r) => r.error?.code === 'forbidden' || r.error?.code === 'unauthorized');
    if (refused && failed.every((r) => r.error?.code === 'forbidden' || r.error?.code === 'unauthorized')) {
      if (!json && refused.error?.hint) io.stderr(`hint: ${refused.error.hint}\n`);
      return ExitCode.Unreachable;
    }
    return ExitCode.Partial;
  }
  return args['exit-code'] && plan.counts.drift > 0 ? ExitCode.Changes : ExitCode.Ok;
}

/** `provision`: push the committed artifacts to Grafana (plan, then apply). */
export const provisionCommand = defineCommand<ProvisionArgs>({
  ...listed('provision'),
  examples: [
    ['GRAFANA_URL=http://localhost:3000 GRAFANA_TOKEN=glsa_... $0 provision', 'Push; a second run with nothing changed writes nothing'],
    ['$0 provision --dry-run --exit-code', 'Show the plan, write nothing, exit 2 when changes are pending'],
    ['$0 provision --prune', 'Also delete dashboards, rules, ... that k2-grafana owns and no longer defines'],
    ['$0 provision --force', 'Overwrite dashboards edited in the UI since the last push'],
    ['$0 provision --output json', 'Plan and per-object results as JSON'],
  ],
  builder: (yargs) => pushOptions(yargs).option('dry-run', { type: 'boolean', default: false, describe: 'Plan only: read Grafana, print the plan, write nothing' }),
  run: (args, io, context) => runPush(args, io, context, { dryRun: args['dry-run'] }),
});
