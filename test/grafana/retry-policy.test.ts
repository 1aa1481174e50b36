// The retry policy as data: pure functions, no HTTP.
import { describe, expect, it } from 'vitest';
import { backoffDelay, decideRetry, defaultRetryPolicy, parseRetryAfter, retrySafetyOf, type RetryContext } from '../../src/grafana/index.js';

describe('retrySafetyOf (the per-endpoint table)', () => {
  it.each([
    ['GET', '/api/dashboards/uid/x', undefined, 'idempotent'],
    ['PUT', '/api/v1/provisioning/folder/f/rule-groups/g', {}, 'idempotent'],
    ['DELETE', '/api/folders/x', undefined, 'idempotent'],
    ['POST', '/api/dashboards/db', { dashboard: { uid: 'k2' } }, 'fixed-uid'],
    ['POST', '/api/dashboards/db', { dashboard: { title: 'no uid' } }, 'unsafe'],
    ['POST', '/api/folders', { uid: 'k2', title: 'K2' }, 'fixed-uid'],
    ['POST', '/api/folders', { title: 'K2' }, 'unsafe'],
    ['POST', '/api/folders/k2/move', { parentUid: 'p' }, 'idempotent'],
    ['POST', '/api/v1/provisioning/alert-rules', { uid: 'r' }, 'fixed-uid'],
    ['POST', '/api/v1/provisioning/contact-points', { uid: 'c' }, 'fixed-uid'],
    ['POST', '/api/datasources', { uid: 'prom' }, 'fixed-uid'],
    ['POST', '/api/annotations', { uid: 'looks-fixed', text: 'x' }, 'never'],
    ['POST', '/api/annotations/graphite', { what: 'x' }, 'never'],
    ['PATCH', '/api/annotations/7', {}, 'idempotent'],
    ['POST', '/api/some/other', {}, 'unsafe'],
  ] as const)('%s %s -> %s', (method, path, body, expected) => {
    expect(retrySafetyOf(method, path, body)).toBe(expected);
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
