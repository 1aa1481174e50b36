import type { Change, ChangeKind } from '../diff/index.js';
import type { ObjectReview, ObjectStatus } from './review-report.js';

/** One-character marker per change: what a reader scans for. */
export function changeMarker(kind: ChangeKind): '+' | '-' | '>' | '~' {
  if (kind.endsWith('-added')) return '+';
  if (kind.endsWith('-removed')) return '-';
  if (kind === 'panel-moved' || kind === 'panel-resized') return '>';
  return '~';
}

export const STATUS_MARKER: Readonly<Record<ObjectStatus, string>> = { added: '+', removed: '-', changed: '~', unchanged: '=' };

/** Kind names as readers say them. */
export function kindLabel(kind: string): string {
  return kind === 'rule-group' ? 'rule group' : kind.replace(/-/g, ' ');
}

export function objectHeading(object: ObjectReview): string {
  const key = object.key !== object.title ? ` (${object.key})` : '';
  return `${kindLabel(object.kind)} "${object.title}"${key}`;
}

/**
 * The query text on each side when a change is about a query (PromQL before -> after), else undefined. Shown as a
 * code block under the change.
 */
export function queryTexts(change: Change): { before?: string; after?: string } | undefined {
  // Panel and rule queries, and any other query text (annotation queries, Prometheus rule expressions).
  const isQuery = change.kind === 'query-changed' || change.kind === 'rule-query-changed' || change.kind === 'query-added' || change.kind === 'query-removed'
    || /\.(expr|query|expression|rawSql)$/.test(change.path);
  if (!isQuery) return undefined;
  const text = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      for (const key of ['expr', 'query', 'expression', 'rawSql']) if (typeof o[key] === 'string') return o[key] as string;
      if (o.model && typeof o.model === 'object') return text(o.model);
    }
    return undefined;
  };
  const before = text(change.before);
  const after = text(change.after);
  if (before === undefined && after === undefined) return undefined;
  return { ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) };
}

export function countText(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A line of a report: one change, or several panels that only shifted together (shown as one line). */
export interface ReportLine {
  readonly marker: '+' | '-' | '>' | '~';
  readonly summary: string;
  /** The change behind the line when it is a single one (query texts are shown under it). */
  readonly change?: Change;
}

/**
 * Report lines for a list of changes. Panels that only moved, all straight down or up by the same number of grid rows
 * (what inserting or growing a panel above them does), are folded into one line; the Change data keeps one per panel.
 */
export function reportLines(changes: readonly Change[]): ReportLine[] {
  const perPanel = new Map<string, Change[]>();
  for (const c of changes) if (c.panel) perPanel.set(c.panel.key, [...(perPanel.get(c.panel.key) ?? []), c]);
  const shiftOf = (c: Change): number | undefined => {
    if (c.kind !== 'panel-moved' || !c.panel || (perPanel.get(c.panel.key)?.length ?? 0) !== 1) return undefined;
    const b = c.before as { x?: number; y?: number } | undefined;
    const a = c.after as { x?: number; y?: number } | undefined;
    if (!b || !a || b.x !== a.x || typeof a.y !== 'number' || typeof b.y !== 'number' || c.summary.includes(', from row')) return undefined;
    return a.y - b.y;
  };
  const groups = new Map<number, Change[]>();
  for (const c of changes) {
    const dy = shiftOf(c);
    if (dy !== undefined) groups.set(dy, [...(groups.get(dy) ?? []), c]);
  }
  const out: ReportLine[] = [];
  const emitted = new Set<number>();
  for (const c of changes) {
    const dy = shiftOf(c);
    const group = dy === undefined ? undefined : groups.get(dy);
    if (dy === undefined || !group || group.length < 3) {
      out.push({ marker: changeMarker(c.kind), summary: c.summary, change: c });
      continue;
    }
    if (emitted.has(dy)) continue;
    emitted.add(dy);
    const names = group.map((g) => g.panel!.label?.replace(/^panel /, '') ?? `"${g.panel!.title}"`);
    const shown = names.length > 6 ? `${names.slice(0, 6).join(', ')} and ${names.length - 6} more` : names.join(', ');
    out.push({ marker: '>', summary: `${group.length} panels shifted ${dy > 0 ? 'down' : 'up'} by ${Math.abs(dy)} grid rows (nothing else changed): ${shown}` });
  }
  return out;
}
