/**
 * List paging and label selection for the app-platform routes.
 * - Paging: pkg/storage/unified/resource/server.go `(*server).List`: `if req.Limit < 1 { req.Limit = 50 }`,
 *   `maxPageBytes := 1024 * 1024 * 2`; a page ends at `limit` items or once its values reach 2 MiB, and carries a
 *   continue token only when another item follows (`if iter.Next() { rsp.NextPageToken = t }`). Items are listed in key
 *   (name) order, as unified storage keys them. The token is opaque; its format here is the emulator's own.
 * - labelSelector: the store passes `req.Options.Labels` requirements to the backend (legacy `DashboardQuery.Labels`,
 *   unified `ListIterator`); the syntax is k8s labels.Parse: `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`,
 *   comma = and.
 */
import type { AppPlatformOptions } from '../context.js';
import { badRequest } from './status.js';
import type { Reply } from '../reply.js';

type Requirement = (labels: Readonly<Record<string, string>>) => boolean;

/** Parses a k8s label selector; a string error for a malformed one. */
export function parseLabelSelector(text: string): Requirement[] | string {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '' || parts.length > 0) parts.push(cur);
  const out: Requirement[] = [];
  for (const raw of parts) {
    const p = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(p))) {
      const [, key, op, value] = m;
      out.push(op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value);
    } else if ((m = /^([\w./-]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(p))) {
      const [, key, op, list] = m;
      const values = new Set(list.split(',').map((v) => v.trim()));
      out.push(op === 'in' ? (l) => key in l && values.has(l[key]) : (l) => !(key in l) || !values.has(l[key]));
    } else if ((m = /^!([\w./-]+)$/.exec(p))) {
      const key = m[1];
      out.push((l) => !(key in l));
    } else if ((m = /^([\w./-]+)$/.exec(p))) {
      const key = m[1];
      out.push((l) => key in l);
    } else {
      return `unable to parse requirement: ${p}`;
    }
  }
  return out;
}

/**
 * fieldSelector: pkg/apiserver/registry/generic/strategy.go `GetAttrs` exposes `metadata.name` (and the generic store
 * adds `metadata.namespace`); `=`, `==`, `!=`, comma = and. Any other field is refused (k8s: "field label not supported").
 */
export function parseFieldSelector(text: string, namespace: string): ((name: string) => boolean)[] | string {
  const out: ((name: string) => boolean)[] = [];
  for (const raw of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(raw);
    if (!m) return `invalid selector: '${text}'; can't understand '${raw}'`;
    const [, field, op, value] = m;
    const equal = op !== '!=';
    if (field === 'metadata.name') out.push((name) => (name === value) === equal);
    else if (field === 'metadata.namespace') out.push(() => (namespace === value) === equal);
    else return `field label not supported: ${field}`;
  }
  return out;
}

export interface Page<T> {
  readonly items: T[];
  readonly continueToken?: string;
}

const encode = (name: string): string => Buffer.from(JSON.stringify({ after: name }), 'utf8').toString('base64url');
function decode(token: string): string | undefined {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    return typeof v.after === 'string' ? v.after : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One page of `all` (already filtered and sorted by name) after the continue token: `limit` items, or fewer once the
 * byte cap is reached. Only the page's items are built (`build`), so a 2,000-object listing costs one build per item.
 */
export function page<T>(
  all: readonly T[], nameOf: (t: T) => string, build: (t: T) => Record<string, unknown>, query: URLSearchParams, opts: AppPlatformOptions,
): Page<Record<string, unknown>> | Reply {
  const requested = Number(query.get('limit') ?? 0);
  const limit = Number.isFinite(requested) && requested >= 1 ? Math.floor(requested) : opts.defaultPageSize;
  const token = query.get('continue');
  let start = 0;
  if (token) {
    const after = decode(token);
    if (after === undefined) return badRequest('invalid continue token'); // exact text UNVERIFIED
    start = all.findIndex((t) => nameOf(t) > after);
    if (start < 0) start = all.length;
  }
  const items: Record<string, unknown>[] = [];
  let bytes = 0;
  let i = start;
  while (i < all.length) {
    const item = build(all[i]);
    items.push(item);
    bytes += JSON.stringify(item).length;
    i++;
    if (items.length >= limit || bytes >= opts.maxPageBytes) break;
  }
  return i < all.length ? { items, continueToken: encode(nameOf(all[i - 1])) } : { items };
}
