import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGrafanaClient, ForbiddenError, GrafanaUnreachableError, NotFoundError, VersionMismatchError } from '../../src/grafana/index.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';

describe('client against the emulator: the basic round trip', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ seed: 1, tokens: { glsa_admin: { role: 'Admin' }, glsa_viewer: { role: 'Viewer' } } });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('creates a folder and a dashboard, reads them back, and maps 404/412 to typed errors', async () => {
    const client = createGrafanaClient({ url: emu.url, token: 'glsa_admin', proxy: false });
    await client.post('/api/folders', { uid: 'k2', title: 'K2' });
    const saved = await client.post<{ version: number; uid: string }>('/api/dashboards/db', {
      dashboard: { uid: 'k2-deg', title: 'K2 Degradation', panels: [] }, folderUid: 'k2',
    });
    expect(saved).toMatchObject({ uid: 'k2-deg', version: 1, status: 'success' });
    const got = await client.get<{ meta: { folderUid: string } }>('/api/dashboards/uid/k2-deg');
    expect(got.meta.folderUid).toBe('k2');
    await expect(client.get('/api/dashboards/uid/nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.getIfExists('/api/dashboards/uid/nope')).resolves.toBeUndefined();
    await expect(
      client.post('/api/dashboards/db', { dashboard: { uid: 'k2-deg', title: 'K2 Degradation', version: 0 }, folderUid: 'k2' }),
    ).rejects.toBeInstanceOf(VersionMismatchError);
    expect(emu.state.dashboards.get('k2-deg')?.version).toBe(1);
  });

  it('reports a stopped server as unreachable', async () => {
    const client = createGrafanaClient({ url: emu.url, token: 'glsa_admin', proxy: false, retry: { maxAttempts: 1 } });
    await emu.stop();
    try {
      await expect(client.get('/api/folders')).rejects.toBeInstanceOf(GrafanaUnreachableError);
    } finally {
      await emu.start();
    }
    await expect(client.get('/api/folders')).resolves.toBeInstanceOf(Array);
  });

  it('a Viewer token writing gets a ForbiddenError carrying the permission Grafana named, and a hint to grant it', async () => {
    const viewer = createGrafanaClient({ url: emu.url, token: 'glsa_viewer', proxy: false });
    await expect(viewer.get('/api/folders')).resolves.toBeInstanceOf(Array);
    const err = await viewer.post('/api/dashboards/db', { dashboard: { uid: 'v', title: 'V' } }, { subject: 'dashboard "V"' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForbiddenError);
    expect((err as ForbiddenError).permission).toBe('any(dashboards:create, dashboards:write)');
    expect((err as ForbiddenError).message).toMatch(/^dashboard "V": POST \/api\/dashboards\/db -> 403/);
    expect((err as ForbiddenError).hint).toContain('any(dashboards:create, dashboards:write)');
    expect(emu.state.dashboards.has('v')).toBe(false);
  });
});
