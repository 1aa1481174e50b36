/**
 * What a successful answer of each Grafana endpoint looks like, so a 200 that is not Grafana's (an SSO proxy's
 * sign-in page, a catch-all `"ok"`, another service's JSON) is refused before anyone trusts it. Shapes are taken
 * from grafana-http-api.md (§ per row); only the top-level type and the fields k2-grafana reads are checked.
 */

import { pathMatches } from './retry-policy.js';

type Shape = 'array' | 'object';

interface ShapeRule {
  readonly method: 'GET' | 'POST';
  /** Path pattern, `:x` = one segment. */
  readonly path: string;
  readonly shape: Shape;
  /** Fields an object answer must carry, with their JSON type. */
  readonly fields?: Readonly<Record<string, 'string' | 'number' | 'object'>>;
  /**
   * A fixed path (no uid in it): a 404 here means no Grafana API at this base URL (a wrong sub-path), never a
   * missing object.
   */
  readonly root?: boolean;
}

export const responseShapes: readonly ShapeRule[] = [
  { method: 'GET', path: '/api/health', shape: 'object', fields: { database: 'string' }, root: true }, // §2
  { method: 'GET', path: '/api/search', shape: 'array', root: true }, // §3
  { method: 'GET', path: '/api/folders', shape: 'array', root: true }, // §4
  { method: 'GET', path: '/api/folders/:uid', shape: 'object', fields: { uid: 'string' } }, // §4
  { method: 'POST', path: '/api/folders', shape: 'object', fields: { uid: 'string' }, root: true }, // §4
  { method: 'POST', path: '/api/dashboards/db', shape: 'object', fields: { uid: 'string' }, root: true }, // §5.1
  { method: 'GET', path: '/api/dashboards/uid/:uid', shape: 'object', fields: { dashboard: 'object' } }, // §5.2
  { method: 'GET', path: '/api/v1/provisioning/alert-rules', shape: 'array', root: true }, // §6.2
  { method: 'GET', path: '/api/v1/provisioning/folder/:uid/rule-groups/:group', shape: 'object' }, // §6.2
  { method: 'GET', path: '/api/v1/provisioning/contact-points', shape: 'array', root: true }, // §7.1
  { method: 'GET', path: '/api/v1/provisioning/policies', shape: 'object', root: true }, // §7.2
  { method: 'GET', path: '/api/annotations', shape: 'array', root: true }, // §8
  { method: 'POST', path: '/api/annotations', shape: 'object', fields: { id: 'number' }, root: true }, // §8
  { method: 'GET', path: '/api/datasources', shape: 'array', root: true }, // §9
  { method: 'GET', path: '/api/datasources/uid/:uid', shape: 'object', fields: { uid: 'string' } }, // §9
];


function ruleFor(method: string, path: string): ShapeRule | undefined {
  return responseShapes.find((r) => r.method === method && pathMatches(r.path, path));
}

/** True for the fixed paths of Grafana's API: a 404 there says the base URL is wrong, not that an object is missing. */
export function isRootEndpoint(method: string, path: string): boolean {
  return ruleFor(method, path)?.root === true;
}

/** What a body is, in a few words, for the error message (never the body itself: it may hold anything). */
function describeBody(text: string, parsed: unknown): string {
  if (typeof parsed === 'string') {
    const title = /<title[^>]*>([^<]{0,80})/i.exec(text)?.[1]?.trim();
    if (/<html|<!doctype/i.test(text)) return `an HTML page${title ? ` ("${title}")` : ''}`;
    try {
      JSON.parse(text);
      return `the JSON string ${JSON.stringify(parsed.slice(0, 40))}`;
    } catch {
      return `plain text (${text.length} bytes)`;
    }
  }
  if (Array.isArray(parsed)) return 'a JSON array';
  if (parsed === null) return 'JSON null';
  return typeof parsed === 'object' ? 'a JSON object' : `the JSON value ${String(parsed)}`;
}

/**
 * Why a 2xx/3xx answer is not Grafana's, or undefined when it may be. `accept` is the request's Accept header;
 * only JSON requests are checked (a caller asking for text gets text).
 */
export function notGrafanaReason(
  req: { readonly method: string; readonly path: string; readonly accept?: string },
  status: number,
  text: string,
  parsed: unknown,
  headers: Readonly<Record<string, string>>,
): string | undefined {
  if (req.accept !== undefined && !/json/i.test(req.accept)) return undefined;
  // Grafana's API never redirects; a proxy sending us to a login page does.
  if (status >= 300 && status < 400) return `a redirect (${status}) to ${redirectTarget(headers.location)}`;
  if (status === 204 || text === '') return undefined;
  if (typeof parsed === 'string' && !isJsonText(text)) return describeBody(text, parsed);
  const rule = ruleFor(req.method, req.path);
  if (!rule) return undefined;
  const isArray = Array.isArray(parsed);
  const isObject = parsed !== null && typeof parsed === 'object' && !isArray;
  if (rule.shape === 'array' && !isArray) return `${describeBody(text, parsed)} where Grafana answers a list`;
  if (rule.shape === 'object' && !isObject) return `${describeBody(text, parsed)} where Grafana answers an object`;
  for (const [field, type] of Object.entries(rule.fields ?? {})) {
    const value = (parsed as Record<string, unknown>)[field];
    const actual = value === null ? 'null' : typeof value;
    if (actual !== type) return `a JSON object without Grafana's "${field}" field`;
  }
  return undefined;
}

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Scheme, host and path of a redirect, never its query (a login redirect may carry tokens or state). */
function redirectTarget(location: string | undefined): string {
  if (!location) return 'an unnamed location';
  try {
    const url = new URL(location, 'http://relative.invalid');
    return url.host === 'relative.invalid' ? url.pathname : `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return 'an unparsable location';
  }
}
