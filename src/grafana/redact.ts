/**
 * The one redaction function. Every error message, log line and echoed body the client produces goes through it,
 * so a token, password, Basic header, webhook URL or contact-point setting cannot leak into output or files.
 */

export const REDACTED = '[REDACTED]';

/** Object keys whose values are secrets wherever they appear (compared case-insensitively, without - and _). */
const secretKeys = new Set([
  'authorization', 'password', 'basicauthpassword', 'token', 'apikey', 'key', 'secret', 'clientsecret',
  'accesstoken', 'bearertoken', 'integrationkey', 'routingkey', 'webhook', 'webhookurl', 'cookie', 'setcookie',
]);

/**
 * Settings that are never secret, and values that are words of the protocol: a contact point's `httpMethod: POST`
 * taken as a secret made `--verbose` print "[REDACTED] /api/..." for every POST.
 */
const notSecretKeys = new Set(['httpmethod', 'method', 'type', 'name', 'title', 'uid']);
const NOT_SECRET_VALUES = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'TRUE', 'FALSE', 'PROXY', 'DIRECT']);

/** Objects whose every leaf is secret: contact-point settings and a datasource's secure fields. */
const secretObjects = new Set(['settings', 'securejsondata', 'securesettings']);

/** Text patterns that are secret even when we were not told the value. */
const secretPatterns: readonly RegExp[] = [
  /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi, // a Bearer header value (Basic values are redacted via the known user:password)
  /\bglsa_[A-Za-z0-9_]+/g, // Grafana service-account token
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, // a JWT
  /\b(https?:\/\/)[^\s/@"']+:[^\s/@"']+@/gi, // credentials in a URL (user:pass@host)
  /\bhttps?:\/\/[^\s"'<>]*(hook|webhook|token|secret|discord\.com\/api|slack\.com\/services)[^\s"'<>]*/gi,
];

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

function redactStructure(value: unknown, everyLeaf: boolean, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object') {
    return everyLeaf && value !== null && value !== undefined && typeof value !== 'boolean' ? REDACTED : value;
  }
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactStructure(item, everyLeaf, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const k = normaliseKey(key);
    if (secretKeys.has(k) && item !== null && typeof item !== 'object' && item !== '' && typeof item !== 'boolean') {
      out[key] = REDACTED;
    } else {
      out[key] = redactStructure(item, everyLeaf || secretObjects.has(k), seen);
    }
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Returns `input` as text with every secret replaced by `[REDACTED]`: the values in `secrets` (and their base64 /
 * URL-encoded forms), Authorization values, service-account tokens, credentials and webhook URLs in text, and, for
 * objects, secret-named keys and every leaf of contact-point `settings` / `secureJsonData`.
 */
export function redact(input: unknown, secrets: readonly (string | undefined)[] = []): string {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else if (input instanceof Error) {
    text = input.message;
  } else if (input === undefined) {
    return '';
  } else {
    try {
      text = JSON.stringify(redactStructure(input, false, new WeakSet())) ?? String(input);
    } catch {
      text = String(input);
    }
  }
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 3);
  const variants = new Set<string>();
  for (const s of known) {
    variants.add(s);
    variants.add(encodeURIComponent(s));
    variants.add(Buffer.from(s).toString('base64'));
    variants.add(JSON.stringify(s).slice(1, -1));
  }
  // Longest first, so a secret that contains another is replaced whole.
  for (const s of [...variants].sort((a, b) => b.length - a.length)) {
    text = text.replace(new RegExp(escapeRegExp(s), 'g'), REDACTED);
  }
  for (const pattern of secretPatterns) {
    text = text.replace(pattern, (match, scheme: string | undefined) =>
      /^bearer$/i.test(scheme ?? '') ? `${scheme} ${REDACTED}` : /^https?:\/\/$/i.test(scheme ?? '') ? `${scheme}${REDACTED}@` : REDACTED,
    );
  }
  return text;
}

/**
 * The secret strings inside a request body (every string leaf under a secret key or a contact point's `settings` /
 * a datasource's `secureJsonData`), so an error that echoes one of them back (e.g. an invalid webhook URL) is redacted.
 */
export function secretsIn(value: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown, everyLeaf: boolean, depth: number): void => {
    if (depth > 20 || v === null || v === undefined) return;
    if (typeof v === 'string') {
      if (everyLeaf && v.length >= 3 && !NOT_SECRET_VALUES.has(v.toUpperCase())) found.push(v);
      return;
    }
    if (typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const item of v) walk(item, everyLeaf, depth + 1);
      return;
    }
    for (const [key, item] of Object.entries(v)) {
      const k = normaliseKey(key);
      if (notSecretKeys.has(k) && !secretKeys.has(k)) continue;
      walk(item, everyLeaf || secretObjects.has(k) || secretKeys.has(k), depth + 1);
    }
  };
  walk(value, false, 0);
  return found;
}
