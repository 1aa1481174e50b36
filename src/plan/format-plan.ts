import type { ApplyObjectResult, ApplySummary, Plan, PlanAction, PlannedChange } from '../model/index.js';

export interface FormatOptions {
  /** ANSI colour (only on a TTY and without NO_COLOR: the CLI decides). @default false */
  readonly color?: boolean;
  /** Reasons shown per object before "... and N more". @default 8 */
  readonly maxReasons?: number;
}

const SYMBOL: Record<PlanAction, string> = { create: '+', update: '~', delete: '-', unchanged: '=', drift: '!', kept: '.' };
const COLOUR: Record<string, string> = {
  create: '32', update: '33', delete: '31', drift: '35', kept: '90', unchanged: '90',
  created: '32', updated: '33', deleted: '31', failed: '31', 'not-applied': '31',
};

function paint(text: string, code: string | undefined, color: boolean): string {
  return color && code ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export function describeObject(c: { kind: string; key: string; title: string }): string {
  return c.title && c.title !== c.key ? `${c.kind} "${c.title}" (${c.key})` : `${c.kind} ${c.key}`;
}

/** One block per object that is not unchanged: action, object, note, and its reasons; then the counts. */
export function formatPlan(plan: Plan, options: FormatOptions = {}): string {
  const blocks = formatChanges(plan.changes, options);
  return `${blocks || 'No changes: Grafana matches the definitions.\n'}${planCounts(plan)}\n`;
}

/** The blocks of formatPlan for some changes (unchanged ones skipped), without the counts; '' for none. */
export function formatChanges(changes: readonly PlannedChange[], options: FormatOptions = {}): string {
  const color = options.color ?? false;
  const max = options.maxReasons ?? 8;
  const lines: string[] = [];
  for (const c of changes) {
    if (c.action === 'unchanged') continue;
    lines.push(paint(`${SYMBOL[c.action]} ${c.action.padEnd(6)} ${describeObject(c)}`, COLOUR[c.action], color) + (c.note ? `  (${c.note})` : ''));
    for (const r of c.reasons.slice(0, max)) lines.push(`      ${r.summary}`);
    if (c.reasons.length > max) lines.push(`      ... and ${c.reasons.length - max} more`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

export function planCounts(plan: Plan): string {
  const n = plan.counts;
  return `Plan: ${n.create} to create, ${n.update} to update, ${n.delete} to delete, ${n.unchanged} unchanged, ${n.drift} drift, ${n.kept} kept.`;
}

/** A progress line for one object (TTY). */
export function formatResult(result: ApplyObjectResult, options: FormatOptions = {}): string {
  const color = options.color ?? false;
  const took = result.elapsedMs > 0 ? ` ${result.elapsedMs} ms` : '';
  const tail = result.error ? `: ${result.error.message}` : result.note ? `  (${result.note})` : '';
  return `${paint(result.outcome.padEnd(11), COLOUR[result.outcome], color)} ${describeObject(result)}${took}${tail}\n`;
}

/** The summary table, then what was and was not applied when anything failed. */
export function formatSummary(summary: ApplySummary, options: FormatOptions = {}): string {
  const n = summary.counts;
  const columns: [string, string][] = [
    ['created', String(n.created)], ['updated', String(n.updated)], ['unchanged', String(n.unchanged)],
    ['deleted', String(n.deleted)], ['drift', String(n.drift)], ['kept', String(n.kept)],
    ['failed', String(n.failed + n['not-applied'])], ['elapsed', `${(summary.elapsedMs / 1000).toFixed(2)} s`],
  ];
  const widths = columns.map(([h, v]) => Math.max(h.length, v.length));
  const row = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  const lines = [row(columns.map(([h]) => h)), row(columns.map(([, v]) => v))];
  const broken = summary.results.filter((r) => r.outcome === 'failed' || r.outcome === 'not-applied');
  if (broken.length > 0) {
    const applied = summary.results.filter((r) => r.outcome === 'created' || r.outcome === 'updated' || r.outcome === 'deleted');
    lines.push('', `Applied (${applied.length}):`);
    for (const r of applied) lines.push(`  ${r.outcome} ${describeObject(r)}`);
    lines.push(`Not applied (${broken.length}):`);
    for (const r of broken) lines.push(`  ${r.action} ${describeObject(r)}: ${r.error?.message ?? r.outcome}`);
  }
  if (summary.aborted) lines.push('', `Stopped early: ${summary.aborted.message}`, ...(summary.aborted.hint ? [`hint: ${summary.aborted.hint}`] : []));
  return `${lines.join('\n')}\n`;
}

