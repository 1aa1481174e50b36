import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGrafanaClient } from '../../src/grafana/index.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';

describe('client connections: kept alive and reused, as against Grafana', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ seed: 1 });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('sends consecutive requests over one connection', async () => {
    const client = createGrafanaClient({ ...emu.clientOptions(), proxy: false });
    const before = emu.connections;
    for (let i = 0; i < 10; i++) await client.get('/api/search', { query: { type: 'dash-db' } });
    expect(emu.requests.length).toBeGreaterThanOrEqual(10);
    expect(emu.connections - before).toBe(1);
  });

  it('opens no more connections than requests in flight, and reuses them for the next batch', async () => {
    const client = createGrafanaClient({ ...emu.clientOptions(), proxy: false });
    const before = emu.connections;
    const batch = (): Promise<unknown[]> => Promise.all(Array.from({ length: 8 }, () => client.get('/api/folders')));
    await batch();
    const opened = emu.connections - before;
    expect(opened).toBeGreaterThanOrEqual(1);
    expect(opened).toBeLessThanOrEqual(8);
    await batch();
    await batch();
    expect(emu.connections - before).toBe(opened);
  });

  it('sends bodies that arrive as sent, with the JSON content type, over a reused connection', async () => {
    const client = createGrafanaClient({ ...emu.clientOptions(), proxy: false });
    await client.get('/api/folders');
    const before = emu.connections;
    await client.post('/api/folders', { uid: 'ka', title: 'Kept alive' });
    const last = emu.requests.at(-1)!;
    expect(last.body).toEqual({ uid: 'ka', title: 'Kept alive' });
    expect(last.headers['content-type']).toBe('application/json');
    expect(last.headers.accept).toBe('application/json');
    expect(emu.connections).toBe(before);
  });
});
