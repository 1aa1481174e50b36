// The retry policy as data: pure functions, no HTTP.
import { describe, expect, it } from 'vitest';
import { provision } from '../../src/apply/index.js';
import { backoffDelay, decideRetry, defaultRetryPolicy, parseRetryAfter, pathMatches, retrySafetyOf, type RetryContext } from '../../src/grafana/index.js';
import { defaultRegistry, handlerFor, safetyFor } from '../../src/kinds/index.js';
import { emulator, testClient } from '../provision/helpers.js';
import { syntheticEnv, syntheticProject } from '../provision/synthetic-project.js';

describe('retrySafetyOf (the table of requests outside the kinds)', () => {
  it.each([
    ['GET', '/api/dashboards/uid/x', 'idempotent'],
    ['PUT', '/api/v1/provisioning/folder/f/rule-groups/g', 'idempotent'],
    ['DELETE', '/api/folders/x', 'idempotent'],
    ['POST', '/api/annotations', 'never'],
    ['POST', '/api/annotations/graphite', 'never'],
    ['PATCH', '/api/annotations/7', 'idempotent'],
    ['POST', '/api/dashboards/db', 'unsafe'],
    ['POST', '/api/some/other', 'unsafe'],
  ] as const)('%s %s -> %s', (method, path, expected) => {
    expect(retrySafetyOf(method, path)).toBe(expected);
  });
});

describe('each kind declares the retry safety of its calls and sends it', () => {
  it.each([
    ['dashboard', 'POST', '/api/dashboards/db', 'fixed-uid'],
    ['folder', 'POST', '/api/folders', 'fixed-uid'],
    ['folder', 'POST', '/api/folders/k2/move', 'idempotent'],
    ['contact-point', 'POST', '/api/v1/provisioning/contact-points', 'fixed-uid'],
    ['datasource', 'POST', '/api/datasources', 'fixed-uid'],
    ['rule-group', 'PUT', '/api/v1/provisioning/folder/f/rule-groups/g', 'idempotent'],
    ['policy', 'PUT', '/api/v1/provisioning/policies', 'idempotent'],
  ] as const)('%s: %s %s -> %s', (kind, method, path, expected) => {
    expect(safetyFor(handlerFor(defaultRegistry, kind).api, method, path)).toEqual({ retrySafety: expected });
  });

  it.each(['classic', 'app-platform'] as const)('every write provision sends matches a call its kind declares, with the declared safety (%s API)', async (api) => {
    const emu = await emulator();
    try {
      const client = testClient(emu);
      const sent: { method: string; path: string; safety: string }[] = [];
      const request = client.request.bind(client);
      client.request = ((req) => {
        if (req.method !== 'GET') sent.push({ method: req.method, path: req.path, safety: req.retrySafety ?? retrySafetyOf(req.method, req.path) });
        return request(req);
      }) as typeof client.request;
      await provision({ project: syntheticProject({ dashboards: 2, rules: 2 }), client, env: syntheticEnv, api });
      await provision({ project: { ...syntheticProject({ dashboards: 1, rules: 0 }), policies: [] }, client, env: syntheticEnv, prune: true, api });
      const calls = [...defaultRegistry.handlers.values()].flatMap((h) => h.api);
      expect(new Set(sent.map((s) => s.method))).toEqual(new Set(['POST', 'PUT', 'DELETE']));
      for (const s of sent) {
        const declared = calls.find((c) => c.method === s.method && pathMatches(c.path, s.path));
        expect(declared, `${s.method} ${s.path} is declared by a kind`).toBeDefined();
        expect(s.safety).toBe(declared!.safety);
      }
    } finally {
      await emu.close();
    }
  });
});

describe('parseRetryAfter and backoff', () => {
  it('reads delta-seconds and HTTP dates; ignores garbage', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('full jitter: random() x min(maxDelay, base x 2^n)', () => {
    expect(backoffDelay(0, defaultRetryPolicy, () => 1)).toBe(200);
    expect(backoffDelay(3, defaultRetryPolicy, () => 0.5)).toBe(800);
    expect(backoffDelay(10, defaultRetryPolicy, () => 1)).toBe(5000);
    expect(backoffDelay(4, defaultRetryPolicy, () => 0)).toBe(0);
  });
});

describe('decideRetry', () => {
  const base: RetryContext = { attempts: 1, safety: 'idempotent', elapsedMs: 0, nowMs: 0 };
  const decide = (ctx: Partial<RetryContext>) => decideRetry({ ...base, ...ctx }, defaultRetryPolicy, () => 1);
  it('retries only the listed statuses and connection errors', () => {
    for (const status of [429, 502, 503, 504]) expect(decide({ status }).retry).toBe(true);
    for (const status of [400, 401, 403, 404, 409, 412, 422, 500]) expect(decide({ status }).retry).toBe(false);
    // A 500 is retried on a read only.
    expect(decide({ status: 500, read: true }).retry).toBe(true);
    expect(decide({ status: 409, read: true }).retry).toBe(false);
    for (const errorCode of ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED']) expect(decide({ errorCode }).retry).toBe(true);
    expect(decide({ errorCode: 'ENOTFOUND' }).retry).toBe(false);
  });
  it('unsafe writes retry only when the request provably did not arrive; never-retry requests never', () => {
    expect(decide({ safety: 'unsafe', errorCode: 'ECONNRESET' }).retry).toBe(false);
    expect(decide({ safety: 'unsafe', status: 503 }).retry).toBe(false);
    expect(decide({ safety: 'unsafe', errorCode: 'ECONNREFUSED' }).retry).toBe(true);
    expect(decide({ safety: 'unsafe', status: 429 }).retry).toBe(true);
    expect(decide({ safety: 'fixed-uid', errorCode: 'ECONNRESET' }).retry).toBe(true);
    expect(decide({ safety: 'never', errorCode: 'ECONNREFUSED' }).retry).toBe(false);
  });
  it('Retry-After is capped; the budget and maxAttempts stop retries', () => {
    expect(decide({ status: 429, retryAfter: '3600' })).toMatchObject({ retry: true, delayMs: 30_000 });
    expect(decide({ status: 503, retryAfter: '10', elapsedMs: 55_000 }).retry).toBe(false);
    expect(decide({ status: 503, attempts: defaultRetryPolicy.maxAttempts }).retry).toBe(false);
  });
});
