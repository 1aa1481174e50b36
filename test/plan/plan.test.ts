import { describe, expect, it } from 'vitest';
import type { Live, Resource } from '../../src/model/index.js';
import { dashboard, specHash } from '../../src/kinds/index.js';
import { plan } from '../../src/plan/index.js';

const owner = 'k2-grafana/test';
const folder = (uid: string, parentUid?: string): Resource => ({ kind: 'folder', key: uid, title: uid.toUpperCase(), spec: { uid, title: uid.toUpperCase(), ...(parentUid ? { parentUid } : {}) } });
const dash = (uid: string, folderUid = 'f', title = uid): Resource => ({
  kind: 'dashboard', key: uid, title, spec: { folderUid, dashboard: { uid, title, panels: [{ id: 1, type: 'stat', title: 'P', gridPos: { x: 0, y: 0, w: 6, h: 4 } }] } },
});
/** What Grafana would return after we pushed `r`: same spec, our marker with the hash of what was pushed. */
const pushed = (r: Resource, extra: Partial<Live> = {}): Live => ({
  kind: r.kind, key: r.key, title: r.title, spec: r.spec,
  marker: { owner, hash: specHash(dashboard.normalise(r.spec as never)) }, ...extra,
});
const actions = (p: ReturnType<typeof plan>) => p.changes.map((c) => `${c.action} ${c.kind}:${c.key}`);

describe('plan (pure)', () => {
  it('creates what is missing, parents before children, folders before dashboards', () => {
    const desired = [dash('d1', 'child'), folder('child', 'root'), folder('root')];
    const p = plan(desired, { objects: [] }, { owner });
    expect(actions(p)).toEqual(['create folder:root', 'create folder:child', 'create dashboard:d1']);
    expect(p.changes.map((c) => c.wave)).toEqual([0, 1, 2]);
    expect(p.pending).toBe(true);
    expect(p.counts.create).toBe(3);
  });

  it('is deterministic: the same desired and live objects give the same plan, whatever their order', () => {
    const desired = [dash('d2', 'child'), folder('child', 'root'), folder('root'), dash('d1', 'root')];
    const live = [pushed(dash('d1', 'root', 'old'))];
    const a = plan(desired, { objects: live }, { owner });
    const b = plan([...desired].reverse(), { objects: live }, { owner });
    expect(JSON.stringify(b.changes.map(({ desired: _d, live: _l, ...c }) => c))).toBe(JSON.stringify(a.changes.map(({ desired: _d, live: _l, ...c }) => c)));
  });

  it('same content is unchanged whatever Grafana added (ids, version)', () => {
    const d = dash('d1');
    const live = pushed(d, { spec: { folderUid: 'f', dashboard: { ...(d.spec as { dashboard: object }).dashboard, id: 42, version: 7 } } });
    const p = plan([d], { objects: [live] }, { owner });
    expect(actions(p)).toEqual(['unchanged dashboard:d1']);
    expect(p.pending).toBe(false);
  });

  it('an owned object edited since the last push is drift; --force turns it into a forced update', () => {
    const d = dash('d1');
    const edited = pushed(d, { spec: { folderUid: 'f', dashboard: { uid: 'd1', title: 'edited in the UI', panels: [] } } });
    const kept = plan([d], { objects: [edited] }, { owner });
    expect(kept.changes[0]).toMatchObject({ action: 'drift', note: expect.stringMatching(/--force overwrites/) });
    expect(kept.pending).toBe(false);
    const forced = plan([d], { objects: [edited] }, { owner, force: true });
    expect(forced.changes[0]).toMatchObject({ action: 'update', forced: true });
  });

  it('a changed definition of an untouched owned object is an update, with the diff engine\'s reasons', () => {
    const before = dash('d1', 'f', 'Old title');
    const after = dash('d1', 'f', 'New title');
    const p = plan([after], { objects: [pushed(before)] }, { owner });
    expect(p.changes[0].action).toBe('update');
    expect(p.changes[0].reasons.map((r) => r.summary).join('\n')).toMatch(/Old title.*New title/s);
  });

  it('same uid but not ours: drift, taken over only with --force; another project\'s too', () => {
    const d = dash('d1', 'f', 'ours');
    const foreign: Live = { kind: 'dashboard', key: 'd1', title: 'theirs', spec: { folderUid: 'f', dashboard: { uid: 'd1', title: 'theirs' } } };
    expect(plan([d], { objects: [foreign] }, { owner }).changes[0]).toMatchObject({ action: 'drift', note: expect.stringMatching(/not managed by k2-grafana/) });
    expect(plan([d], { objects: [foreign] }, { owner, force: true }).changes[0]).toMatchObject({ action: 'update', forced: true });
    const other = { ...foreign, marker: { owner: 'k2-grafana/other', hash: 'x' } };
    expect(plan([d], { objects: [other] }, { owner }).changes[0].note).toMatch(/managed by k2-grafana\/other/);
  });

  it('a read-only (file-provisioned) datasource is checked, never updated, even with --force', () => {
    const ds: Resource = { kind: 'datasource', key: 'prom', title: 'Prometheus', spec: { uid: 'prom', name: 'Prometheus', type: 'prometheus', access: 'proxy', url: 'http://prometheus:9090' } };
    const same: Live = { kind: 'datasource', key: 'prom', title: 'Prometheus', spec: { ...(ds.spec as object), isDefault: false, jsonData: {} }, readOnly: true };
    expect(plan([ds], { objects: [same] }, { owner, force: true }).changes[0]).toMatchObject({ action: 'unchanged', note: expect.stringMatching(/read-only/) });
    const other: Live = { ...same, spec: { ...(same.spec as object), url: 'http://elsewhere:9090' } };
    const p = plan([ds], { objects: [other] }, { owner, force: true });
    expect(p.changes[0]).toMatchObject({ action: 'drift', note: expect.stringMatching(/read-only.*never updated/) });
    expect(p.changes[0].reasons.map((r) => r.summary).join()).toMatch(/url/);
  });

  it('owned objects no longer defined: kept without --prune, deleted with it, after every write, contents before folders', () => {
    const gone = pushed(dash('old', 'oldfolder'));
    const oldFolder: Live = { kind: 'folder', key: 'oldfolder', title: 'Old', spec: { uid: 'oldfolder', title: 'Old' }, marker: { owner }, contents: [{ kind: 'dashboard', key: 'old', title: 'old', owner }] };
    const desired = [folder('f'), dash('d1')];
    expect(actions(plan(desired, { objects: [gone, oldFolder] }, { owner })).filter((a) => a.startsWith('kept')).sort()).toEqual(['kept dashboard:old', 'kept folder:oldfolder']);
    const p = plan(desired, { objects: [gone, oldFolder] }, { owner, prune: true });
    expect(actions(p)).toEqual(['create folder:f', 'create dashboard:d1', 'delete dashboard:old', 'delete folder:oldfolder']);
    const waves = p.changes.map((c) => c.wave);
    expect(waves).toEqual([...waves].sort((a, b) => a - b));
    expect(new Set(waves).size).toBe(4);
  });

  it('never deletes a folder holding objects it does not own, nor objects it does not own', () => {
    const oldFolder: Live = {
      kind: 'folder', key: 'oldfolder', title: 'Old', spec: { uid: 'oldfolder', title: 'Old' }, marker: { owner },
      contents: [{ kind: 'dashboard', key: 'mine', title: 'mine', owner }, { kind: 'dashboard', key: 'theirs', title: 'Theirs' }],
    };
    const theirs: Live = { kind: 'dashboard', key: 'theirs', title: 'Theirs', spec: {} };
    const p = plan([], { objects: [oldFolder, theirs] }, { owner, prune: true });
    expect(p.changes).toHaveLength(1);
    expect(p.changes[0]).toMatchObject({ action: 'kept', key: 'oldfolder', note: expect.stringMatching(/holds 1 object\(s\) k2-grafana does not own.*dashboard "Theirs"/) });
  });

  it('a changed secret (digest) or provenance is an update even when the masked content is equal', () => {
    const cp: Resource = {
      kind: 'contact-point', key: 'cp', title: 'CP', secretDigest: 'new',
      spec: { contactPoint: { uid: 'cp', name: 'CP', type: 'webhook', settings: { url: '$HOOK' } }, secretSettings: ['url'] },
    };
    const live: Live = {
      kind: 'contact-point', key: 'cp', title: 'CP', marker: { owner, secretDigest: 'old' },
      spec: { contactPoint: { uid: 'cp', name: 'CP', type: 'webhook', settings: { url: 'https://hooks.example.test/s3cret' } }, secretSettings: [] },
    };
    const p = plan([cp], { objects: [{ ...live, marker: { ...live.marker!, hash: undefined } }] }, { owner, force: true });
    expect(p.changes[0].action).toBe('update');
    expect(p.changes[0].reasons.map((r) => r.summary)).toEqual(['secret settings changed (values not shown)']);
    expect(JSON.stringify(p.changes[0].reasons)).not.toContain('s3cret');
  });
});
