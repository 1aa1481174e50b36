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
  const isQuery = change.kind === 'query-changed' || change.kind === 'rule-query-changed' || change.kind === 'query-added' || change.kind === 'query-removed';
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
