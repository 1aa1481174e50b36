import { describe, expect, it } from 'vitest';
import { apply } from '../../src/apply/index.js';
import { GrafanaUnreachableError, VersionMismatchError } from '../../src/grafana/index.js';
import type { HandlerContext, KindHandler } from '../../src/kinds/index.js';
import { createRegistry } from '../../src/kinds/index.js';
import type { ApplyEvent, Kind, Live, Plan, PlannedChange } from '../../src/model/index.js';

type Spec = { uid: string; folderUid?: string };

/** A handler whose writes take a tick, tracking how many run at once, and failing for the uids given. */
function fakeHandler(kind: Kind, options: { dependsOn?: Kind[]; serial?: boolean; fail?: Record<string, Error>; stored?: Map<string, Live<Spec>> } = {}) {
  const stats = { inFlight: 0, max: 0, calls: [] as string[] };
  const write = async (uid: string): Promise<void> => {
    stats.calls.push(uid);
    stats.inFlight += 1;
    stats.max = Math.max(stats.max, stats.inFlight);
    await new Promise((r) => setImmediate(r));
    stats.inFlight -= 1;
    const error = options.fail?.[uid];
    if (error) throw error;
  };
  const handler: KindHandler<Spec> = {
    kind, dependsOn: options.dependsOn ?? [], writes: options.serial ? 'serial' : 'parallel', listsAll: true,
    ownership: 'marker', api: [], definitions: { field: kind, shapeIssues: () => [], specs: () => [] },
    key: (s) => s.uid, title: (s) => s.uid, changes: () => [],
    requires: (s) => (s.folderUid ? [{ kind: 'folder', key: s.folderUid }] : []),
    normalise: (s) => ({ uid: s.uid }),
    list: async () => [],
    read: async (_ctx, key) => options.stored?.get(key),
    create: (_ctx, d) => write(d.spec.uid),
    update: (_ctx, d) => write(d.spec.uid),
    remove: (_ctx, l) => write(l.key),
  };
  return { handler, stats };
}

function change(kind: Kind, uid: string, wave: number, folderUid?: string): PlannedChange {
  const spec: Spec = { uid, ...(folderUid ? { folderUid } : {}) };
  return {
    kind, key: uid, title: uid, action: 'create', reasons: [], wave,
    requires: folderUid ? [{ kind: 'folder', key: folderUid }] : [],
    marker: { owner: 'o', hash: 'h' }, desired: { kind, key: uid, title: uid, spec },
  };
}

function planOf(changes: PlannedChange[]): Plan {
  return { owner: 'o', changes, counts: { create: changes.length, update: 0, unchanged: 0, delete: 0, drift: 0, kept: 0 }, pending: true };
}

const ctx = {} as HandlerContext;
const details = { method: 'POST', path: '/x', attempts: 2 };

describe('apply (executes a plan, decides nothing)', () => {
  it('keeps at most `concurrency` writes in flight, wave by wave, and serial kinds one at a time', async () => {
    const folders = fakeHandler('folder');
    const dashboards = fakeHandler('dashboard', { dependsOn: ['folder'] });
    const policy = fakeHandler('policy', { serial: true });
    const registry = createRegistry([folders.handler, dashboards.handler, policy.handler]);
    const changes = [
      change('folder', 'f', 0),
      ...Array.from({ length: 30 }, (_, i) => change('dashboard', `d${i}`, 1, 'f')),
      ...Array.from({ length: 5 }, (_, i) => change('policy', `p${i}`, 1)),
    ];
    const events: ApplyEvent[] = [];
    const summary = await apply(planOf(changes), ctx, { concurrency: 4, registry, onEvent: (e) => events.push(e) });
    expect(summary.counts.created).toBe(36);
    expect(dashboards.stats.max).toBeLessThanOrEqual(4);
    expect(dashboards.stats.max).toBeGreaterThan(1);
    expect(policy.stats.max).toBe(1);
    expect(events.filter((e) => e.type === 'wave').map((e) => (e as { wave: number }).wave)).toEqual([0, 1]);
    expect(events.at(-1)?.type).toBe('done');
  });

  it('does not attempt an object whose folder failed, and says why', async () => {
    const folders = fakeHandler('folder', { fail: { f: new Error('boom') } });
    const dashboards = fakeHandler('dashboard');
    const registry = createRegistry([folders.handler, dashboards.handler]);
    const summary = await apply(planOf([change('folder', 'f', 0), change('dashboard', 'd', 1, 'f'), change('dashboard', 'e', 1)]), ctx, { registry });
    expect(dashboards.stats.calls).toEqual(['e']);
    expect(summary.results.map((r) => `${r.key}:${r.outcome}`)).toEqual(['f:failed', 'd:not-applied', 'e:created']);
    expect(summary.results[1].error?.message).toBe('not applied: folder f was not applied');
  });

  it('stops starting writes once Grafana is unreachable; every object still gets a result', async () => {
    const folders = fakeHandler('folder', { fail: { f2: new GrafanaUnreachableError({ ...details, errorCode: 'ECONNREFUSED' }, 'http://127.0.0.1:1') } });
    const dashboards = fakeHandler('dashboard');
    const registry = createRegistry([folders.handler, dashboards.handler]);
    const summary = await apply(planOf([change('folder', 'f1', 0), change('folder', 'f2', 0), change('dashboard', 'd', 1)]), ctx, { registry, concurrency: 1 });
    expect(summary.aborted?.code).toBe('unreachable');
    expect(dashboards.stats.calls).toEqual([]);
    expect(summary.results.map((r) => `${r.key}:${r.outcome}`)).toEqual(['f1:created', 'f2:failed', 'd:not-applied']);
  });

  it('a 412 after a retried write is success when the object now carries our hash (the first attempt landed)', async () => {
    const stored = new Map<string, Live<Spec>>([['d', { kind: 'dashboard', key: 'd', title: 'd', spec: { uid: 'd' }, marker: { owner: 'o', hash: 'h' } }]]);
    const dashboards = fakeHandler('dashboard', { fail: { d: new VersionMismatchError({ ...details, status: 412 }), e: new VersionMismatchError({ ...details, status: 412 }) }, stored });
    const registry = createRegistry([dashboards.handler]);
    const summary = await apply(planOf([change('dashboard', 'd', 0), change('dashboard', 'e', 0)]), ctx, { registry });
    expect(summary.results.map((r) => `${r.key}:${r.outcome}`)).toEqual(['d:created', 'e:failed']);
  });
});
