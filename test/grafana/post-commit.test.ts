// Post-commit faults: the emulator applies the write, then destroys the socket. A retried save must not duplicate.
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { ConflictError, createGrafanaClient, GrafanaUnreachableError, VersionMismatchError } from '../../src/grafana/index.js';
import { dashboard, folder, safetyFor } from '../../src/kinds/index.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';
import { fakeTime } from './fake-time.js';

for (const version of ['12.3', '13.1'] as const) {
  describe(`post-commit faults (emulating Grafana ${version})`, () => {
    const v = version.replace(".", "");
    let emu: Emulator;
    beforeAll(async () => {
      emu = await startEmulator({ version });
    });
    afterAll(async () => {
      await emu.close();
    });
    beforeEach(() => {
      emu.clearFaults();
      emu.clearLog();
      onTestFailed(() => console.error(`emulator seed: ${emu.seed} (replay with EMULATOR_SEED=${emu.seed})`));
    });
    // The safety the dashboard and folder kinds declare for their creates, and send with them.
    const save = safetyFor(dashboard.api, 'POST', '/api/dashboards/db');
    const create = safetyFor(folder.api, 'POST', '/api/folders');
    const client = () => {
      const time = fakeTime();
      return createGrafanaClient({ ...emu.clientOptions(), proxy: false, now: time.now, sleep: time.sleep });
    };

    it('a retried dashboard save with a uid creates one dashboard; the retry reports 412 (409 in 13.x, grafana-http-api.md 14.4) for the caller to reconcile', async () => {
      emu.queueFaults({ kind: 'post-commit-loss', path: '/api/dashboards/db' });
      const body = { dashboard: { uid: `pc-dash-${v}`, title: 'Post-commit', panels: [] }, folderUid: '' };
      const err = await client().post('/api/dashboards/db', body, save).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VersionMismatchError);
      expect((err as VersionMismatchError).attempts).toBe(2);
      expect((err as VersionMismatchError).hint).toMatch(/retried save may have been applied/);
      expect(emu.writes().map((w) => w.fault ?? w.status)).toEqual(['post-commit-loss', version === '13.1' ? 409 : 412]);
      expect([...emu.state.dashboards.values()].filter((d) => d.title === 'Post-commit')).toHaveLength(1);
      expect(emu.state.dashboards.get(`pc-dash-${v}`)?.version).toBe(1);
    });

    it('with overwrite the retried save succeeds, still one dashboard', async () => {
      emu.queueFaults({ kind: 'post-commit-loss', path: '/api/dashboards/db' });
      const uid = `pc-over-${v}`;
      const res = await client().request<{ version: number }>({
        method: 'POST', path: '/api/dashboards/db', body: { dashboard: { uid, title: 'Overwrite' }, overwrite: true }, ...save,
      });
      expect(res.attempts).toBe(2);
      expect(res.data.version).toBe(2);
      expect([...emu.state.dashboards.values()].filter((d) => d.title === 'Overwrite')).toHaveLength(1);
    });

    it('a retried folder create with a uid creates one folder; the retry gets the version\'s duplicate-uid status', async () => {
      emu.queueFaults({ kind: 'post-commit-loss', path: '/api/folders' });
      const err = await client().post('/api/folders', { uid: `pc-folder-${v}`, title: 'PC folder' }, create).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConflictError);
      expect((err as ConflictError).status).toBe(version === '13.1' ? 409 : 412);
      expect([...emu.state.folders.values()].filter((f) => f.title === 'PC folder')).toHaveLength(1);
    });

    it('a save the client knows nothing of (no kind\'s safety) is not retried after a lost response, so it cannot duplicate', async () => {
      emu.queueFaults({ kind: 'post-commit-loss', path: '/api/dashboards/db' });
      const err = await client().post('/api/dashboards/db', { dashboard: { title: 'No uid' } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GrafanaUnreachableError);
      expect(emu.writes()).toHaveLength(1);
      expect([...emu.state.dashboards.values()].filter((d) => d.title === 'No uid')).toHaveLength(1);
    });

    it('the fault is real: forcing a retry of a uid-less save does duplicate (so the tests above can fail)', async () => {
      emu.queueFaults({ kind: 'post-commit-loss', path: '/api/dashboards/db' });
      await client().request({ method: 'POST', path: '/api/dashboards/db', body: { dashboard: { title: 'Forced' } }, retrySafety: 'idempotent' });
      expect([...emu.state.dashboards.values()].filter((d) => d.title === 'Forced')).toHaveLength(2);
    });

    it('seeded random post-commit loss over many saves: one dashboard per uid', async () => {
      emu.setFaults({ postCommitLossRate: 0.3, seed: emu.seed });
      const c = client();
      for (let i = 0; i < 30; i++) {
        await c.post('/api/dashboards/db', { dashboard: { uid: `pc-many-${i}`, title: `Many ${i}` } }, save).catch((e: unknown) => {
          if (!(e instanceof VersionMismatchError)) throw e;
        });
      }
      const lost = emu.writes().filter((w) => w.fault === 'post-commit-loss').length;
      const many = [...emu.state.dashboards.values()].filter((d) => d.uid.startsWith('pc-many-'));
      expect(many).toHaveLength(30);
      expect(many.every((d) => d.version === 1)).toBe(true);
      expect(lost, `seed ${emu.seed} should lose some responses`).toBeGreaterThan(0);
    });
  });
}
