import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provision } from '../../src/apply/index.js';
import { diffObjects } from '../../src/diff/index.js';
import { InvalidDefinitionsError } from '../../src/errors.js';
import {
  createRegistry, defaultRegistry, extendRegistry, fieldIssues, hasStatus, projectShapeIssues, RegistryError, safetyFor, seg,
  type KindApiCall, type KindHandler,
} from '../../src/kinds/index.js';
import type { JsonObject, Marker, ProjectDefinition } from '../../src/model/index.js';
import { desiredResources } from '../../src/plan/index.js';
import { generate } from '../../src/render/index.js';
import { reviewArtifactSets, reviewLive } from '../../src/review/index.js';
import type { Route } from '../emulator/context.js';
import type { Emulator } from '../emulator/emulator.js';
import { message, ok } from '../emulator/reply.js';
import { emulator, testClient } from '../provision/helpers.js';

/**
 * issue 12 "Done when": a kind that lives only in this file, registered by the test, is planned, applied, pruned and
 * diffed against the emulator, and no src/ file knows it. The kind is a "note": `{uid, text}`, marker in `labels`.
 */

interface NoteSpec {
  readonly uid: string;
  readonly text: string;
}

/** The emulator's side: a tiny REST collection, `/api/toy/notes`. */
function noteRoutes(): Route[] {
  const notes = new Map<string, JsonObject>();
  const body = (ctx: { body: unknown }): JsonObject => (ctx.body ?? {}) as JsonObject;
  return [
    { method: 'GET', pattern: '/api/toy/notes', handle: () => ok([...notes.values()]) },
    { method: 'GET', pattern: '/api/toy/notes/:uid', handle: (ctx) => (notes.has(ctx.params.uid!) ? ok(notes.get(ctx.params.uid!)) : message(404, 'note not found')) },
    {
      method: 'POST', pattern: '/api/toy/notes',
      handle: (ctx) => {
        const note = body(ctx);
        if (notes.has(String(note.uid))) return message(409, 'a note with this uid exists');
        notes.set(String(note.uid), note);
        return ok(note);
      },
    },
    { method: 'PUT', pattern: '/api/toy/notes/:uid', handle: (ctx) => (notes.set(ctx.params.uid!, { ...body(ctx), uid: ctx.params.uid! }), ok({})) },
    { method: 'DELETE', pattern: '/api/toy/notes/:uid', handle: (ctx) => (notes.delete(ctx.params.uid!) ? ok({}) : message(404, 'note not found')) },
  ];
}

const api: readonly KindApiCall[] = [
  { method: 'POST', path: '/api/toy/notes', safety: 'fixed-uid', why: 'the uid fixes the note' },
  { method: 'PUT', path: '/api/toy/notes/:uid', safety: 'idempotent', why: 'replace by uid' },
];

function toLive(dto: JsonObject) {
  const labels = (dto.labels ?? {}) as Record<string, string>;
  const marker: Marker | undefined = labels.owner ? { owner: labels.owner, hash: labels.hash || undefined } : undefined;
  return { kind: 'note', key: String(dto.uid), title: String(dto.uid), spec: { uid: String(dto.uid), text: String(dto.text ?? '') }, marker };
}

const withMarker = (spec: NoteSpec, marker: Marker): JsonObject => ({ ...spec, labels: { owner: marker.owner, hash: marker.hash ?? '' } });

const note: KindHandler<NoteSpec> = {
  kind: 'note',
  dependsOn: [],
  writes: 'parallel',
  listsAll: true,
  ownership: 'marker',
  api,
  definitions: {
    field: 'notes',
    shapeIssues: (entry, path) => fieldIssues(entry, path, [{ field: 'uid', type: 'non-empty string' }, { field: 'text', type: 'string' }]),
    specs: (entries: readonly NoteSpec[]) => entries.map((n) => ({ spec: { uid: n.uid, text: n.text }, source: 'toy-kind.test.ts' })),
  },
  files: {
    section: 'notes',
    render: (project) => [['toy/notes.yaml', { apiVersion: 1, notes: (project.notes as JsonObject[] | undefined) ?? [] }]],
    parse: (doc, file) => (doc.notes as JsonObject[]).map((n) => ({ source: file, spec: { uid: String(n.uid), text: String(n.text) } })),
  },
  key: (spec) => spec.uid,
  title: (spec) => spec.uid,
  requires: () => [],
  normalise: (spec) => ({ text: spec.text, uid: spec.uid }),
  changes: (before, after, object) => diffObjects('note', before, after, object),
  async list(ctx) {
    return ((await ctx.client.get<JsonObject[]>('/api/toy/notes', { signal: ctx.signal })) ?? []).map((dto) => {
      const live = toLive(dto);
      return { key: live.key, title: live.title, marker: live.marker, live };
    });
  },
  async read(ctx, key) {
    const dto = await ctx.client.getIfExists<JsonObject>(`/api/toy/notes/${seg(key)}`, { signal: ctx.signal });
    return dto ? toLive(dto) : undefined;
  },
  async create(ctx, desired, marker) {
    await ctx.client.post('/api/toy/notes', withMarker(desired.spec, marker), { signal: ctx.signal, ...safetyFor(api, 'POST', '/api/toy/notes') });
  },
  async update(ctx, desired, _live, marker) {
    const path = `/api/toy/notes/${seg(desired.spec.uid)}`;
    await ctx.client.put(path, withMarker(desired.spec, marker), { signal: ctx.signal, ...safetyFor(api, 'PUT', path) });
  },
  async remove(ctx, live) {
    try {
      await ctx.client.delete(`/api/toy/notes/${seg(live.key)}`, { signal: ctx.signal });
    } catch (error) {
      if (!hasStatus(error, 404)) throw error;
    }
  },
};

const registry = extendRegistry(defaultRegistry, [note]);
const project = (notes: NoteSpec[]): ProjectDefinition => ({ name: 'toy', notes, knownMetrics: [] });

describe('a kind registered by a test, no src/ edit', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator({ routes: noteRoutes() });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('is planned and applied: created once, then unchanged', async () => {
    const first = await provision({ project: project([{ uid: 'n1', text: 'hello' }, { uid: 'n2', text: 'two' }]), client: testClient(emu), registry });
    expect(first.plan.changes.map((c) => [c.kind, c.key, c.action])).toEqual([['note', 'n1', 'create'], ['note', 'n2', 'create']]);
    expect(first.summary?.counts.created).toBe(2);
    const second = await provision({ project: project([{ uid: 'n1', text: 'hello' }, { uid: 'n2', text: 'two' }]), client: testClient(emu), registry });
    expect(second.plan.changes.map((c) => c.action)).toEqual(['unchanged', 'unchanged']);
  });

  it('a change shows with the same words in plan, diff --live and the file diff; applying it makes it unchanged', async () => {
    const before = project([{ uid: 'n1', text: 'hello' }, { uid: 'n2', text: 'two' }]);
    const after = project([{ uid: 'n1', text: 'bye' }, { uid: 'n2', text: 'two' }]);
    const planned = await provision({ project: after, client: testClient(emu), registry, dryRun: true });
    const update = planned.plan.changes.find((c) => c.key === 'n1')!;
    expect(update.action).toBe('update');
    const words = update.reasons.map((r) => r.summary);
    expect(words).toEqual(['text: "hello" -> "bye"']);
    const live = await reviewLive({ project: after, client: testClient(emu), registry });
    expect(live.objects.find((o) => o.key === 'n1')!.changes.map((c) => c.summary)).toEqual(words);
    const files = reviewArtifactSets(generate(before, { registry }), generate(after, { registry }), { before: 'base', after: 'head' }, { registry });
    expect(files.objects.map((o) => [o.kind, o.key, o.status])).toEqual([['note', 'n1', 'changed'], ['note', 'n2', 'unchanged']]);
    expect(files.objects[0]!.changes.map((c) => c.summary)).toEqual(words);
    await provision({ project: after, client: testClient(emu), registry });
    expect((await provision({ project: after, client: testClient(emu), registry, dryRun: true })).plan.pending).toBe(false);
  });

  it('is pruned: an owned note no longer defined is kept without --prune, deleted with it', async () => {
    const one = project([{ uid: 'n1', text: 'bye' }]);
    const kept = await provision({ project: one, client: testClient(emu), registry, dryRun: true });
    expect(kept.plan.changes.find((c) => c.key === 'n2')?.action).toBe('kept');
    const pruned = await provision({ project: one, client: testClient(emu), registry, prune: true });
    expect(pruned.plan.changes.find((c) => c.key === 'n2')?.action).toBe('delete');
    expect(pruned.summary?.counts.deleted).toBe(1);
    expect(await testClient(emu).getIfExists('/api/toy/notes/n2')).toBeUndefined();
  });
});

describe('bad input: a clear error naming the object, before any write', () => {
  it('a definitions field whose kind is not registered', () => {
    const issues = projectShapeIssues(project([{ uid: 'n1', text: 'x' }]));
    expect(issues).toEqual([expect.stringContaining('`notes` is read by no registered kind')]);
    expect(() => desiredResources(project([{ uid: 'n1', text: 'x' }]), { owner: 'o', env: {} })).toThrow(InvalidDefinitionsError);
    expect(() => generate(project([{ uid: 'n1', text: 'x' }]))).toThrow(InvalidDefinitionsError);
    expect(projectShapeIssues(project([{ uid: 'n1', text: 'x' }]), registry)).toEqual([]);
  });

  it('an entry of the wrong shape, named by its path', () => {
    expect(projectShapeIssues({ name: 'toy', notes: [{ uid: 'n1' }] }, registry)).toEqual(['`notes[0].text` must be a string']);
    expect(projectShapeIssues({ name: 'p', dashboards: [{ source: 'd.ts', folderUid: 3, dashboard: {} }] })).toEqual(['`dashboards[0].folderUid` must be a string']);
    expect(projectShapeIssues({ name: 'p', folders: {} })).toEqual(['`folders` must be a list of folder definitions']);
  });

  it('two kinds claiming one file section, definitions field or name', () => {
    expect(() => extendRegistry(defaultRegistry, [{ ...note, files: { ...note.files!, section: 'datasources' } }]))
      .toThrow('kinds "datasource" and "note" both claim the file section "datasources"');
    expect(() => extendRegistry(defaultRegistry, [{ ...note, definitions: { ...note.definitions, field: 'dashboards' } }]))
      .toThrow('kinds "dashboard" and "note" both claim the definitions field "dashboards"');
    expect(() => createRegistry([note, note])).toThrow(RegistryError);
  });

  it('two objects of one kind with the same key', () => {
    const twice = project([{ uid: 'n1', text: 'a' }, { uid: 'n1', text: 'b' }]);
    expect(() => desiredResources(twice, { owner: 'o', env: {}, registry })).toThrow(InvalidDefinitionsError);
    try {
      desiredResources(twice, { owner: 'o', env: {}, registry });
    } catch (error) {
      expect((error as InvalidDefinitionsError).issues).toEqual(['toy-kind.test.ts > note "n1": key n1 is also used by note "n1" (toy-kind.test.ts)']);
    }
  });
});
