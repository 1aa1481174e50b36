import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as catalog from '../../dashboards/catalog.js';
import { runCli } from '../../src/cli/main.js';
import { k2ConfigArgs } from '../support/k2-config.js';
import type { CliIO } from '../../src/cli/io.js';
import { runScenario } from '../../k2/scenarios/run-scenario.js';
import type { SimulationDriver } from '../../k2/scenarios/simulation-driver.js';
import type { SimulationEvent } from '../../k2/scenarios/simulation-event.js';

/** A stand-in Prometheus answering /api/v1/query from a script of values, one per query of the level. */
let server: Server;
let prometheusUrl: string;
let levelScript: number[] = [];
let breakerValue = 0;
const queries: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const query = new URL(req.url!, 'http://x').searchParams.get('query') ?? '';
    queries.push(query);
    const value = query.includes(catalog.metrics.circuitBreakerState.name) ? breakerValue : (levelScript.length > 1 ? levelScript.shift()! : levelScript[0]);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [Date.now() / 1000, String(value)] }] } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  prometheusUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function fakeDriver(events: SimulationEvent[], holdsLagTarget = true): SimulationDriver & { steps: unknown[] } {
  const steps: unknown[] = [];
  return { name: 'fake', holdsLagTarget, steps, apply: async (step) => (steps.push(step), events) };
}
const noSleep = async () => {};
const start: SimulationEvent = { scenario: 'lag', phase: 'start', at: 1_000, eventId: 'e1', lag: 600_000 };

describe('runScenario', () => {
  it('polls Prometheus until the level the lag target implies, and hands every event to onEvent first', async () => {
    levelScript = [0, 1, 2];
    const seen: SimulationEvent[] = [];
    const result = await runScenario({
      scenario: 'lag', driver: fakeDriver([start]), config: catalog, prometheusUrl, sleep: noSleep,
      onEvent: (e) => void seen.push(e),
    });
    expect(seen).toEqual([start]);
    expect(result.event).toEqual(start);
    expect(result.expected).toBe('level MODERATE (2)');
    expect(result.reading).toMatchObject({ value: 2, name: 'MODERATE', reached: true });
    expect(queries.at(-1)).toBe(`max(${catalog.metrics.degradationLevel.name})`);
  });

  it('expects SEVERE for 1.2M lag and reports when the wait ends first', async () => {
    levelScript = [2];
    const result = await runScenario({ scenario: 'lag', lag: 1_200_000, driver: fakeDriver([start]), config: catalog, prometheusUrl, waitSeconds: 0 });
    expect(result.expected).toBe('level SEVERE (3)');
    expect(result.reading).toMatchObject({ value: 2, reached: false });
  });

  it('watches the breaker for disconnect', async () => {
    levelScript = [0];
    breakerValue = 1;
    const result = await runScenario({ scenario: 'disconnect', driver: fakeDriver([{ ...start, scenario: 'disconnect', lag: undefined }]), config: catalog, prometheusUrl, sleep: noSleep });
    expect(result.reading?.breaker).toEqual({ value: 1, name: 'OPEN' });
    breakerValue = 0;
  });

  it('keeps a failing hook out of the scenario', async () => {
    levelScript = [2];
    const result = await runScenario({
      scenario: 'lag', driver: fakeDriver([start]), config: catalog, prometheusUrl, sleep: noSleep,
      onEvent: () => { throw new Error('grafana exploded'); },
    });
    expect(result.reading?.value).toBe(2);
    expect(result.hookErrors).toEqual(['lag start e1: grafana exploded']);
  });

  it('returns the events and a readable error when Prometheus is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((r) => closed.close(() => r()));
    const result = await runScenario({ scenario: 'lag', driver: fakeDriver([start]), config: catalog, prometheusUrl: deadUrl });
    expect(result.events).toEqual([start]);
    expect(result.readingError?.code).toBe('unreachable');
    expect(result.readingError?.message).toContain(`Prometheus at ${deadUrl} is unreachable: ECONNREFUSED`);
  });

  it('with a driver that cannot hold lag, expects any degraded level and says why', async () => {
    levelScript = [0, 1];
    const result = await runScenario({ scenario: 'lag', driver: fakeDriver([start], false), config: catalog, prometheusUrl, sleep: noSleep });
    expect(result.reading).toMatchObject({ value: 1, name: 'LIGHT', reached: true });
    expect(result.notes[0]).toContain('not held');
  });
});

describe('k2-grafana simulate --driver docker (fake docker on PATH)', () => {
  it('pauses the consumer, prints the level by number and name, and recover unpauses', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'k2-simulate-'));
    try {
      await writeFile(join(dir, 'docker'), `#!/bin/sh\necho "$*" >> "${dir}/calls.log"\n[ "$2" = my-consumer ] || [ "$2" = k2-binance-stream ] || { echo "Error response from daemon: No such container: $2" >&2; exit 1; }\n`);
      await chmod(join(dir, 'docker'), 0o755);
      let out = '';
      let err = '';
      const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: { PATH: `${dir}:${process.env.PATH}`, NO_COLOR: '1' }, cwd: dir, isTTY: false };
      levelScript = [0, 1];
      const common = ['--driver', 'docker', '--prometheus', prometheusUrl, '--no-annotations', '--wait', '5', ...k2ConfigArgs];
      const args = [...common, '--consumer-container', 'my-consumer'];
      expect(await runCli(['simulate', '--scenario', 'lag', ...args], io), err).toBe(0);
      expect(out).toContain(`${catalog.metrics.degradationLevel.name} = 1 LIGHT`);
      expect(err).toContain('not held');
      levelScript = [0];
      expect(await runCli(['simulate', '--scenario', 'recover', ...args], io), err).toBe(0);
      expect(out).toContain(`${catalog.metrics.degradationLevel.name} = 0 NORMAL`);
      expect((await readFile(join(dir, 'calls.log'), 'utf8')).trim().split('\n')).toEqual(['pause my-consumer', 'unpause my-consumer', 'unpause k2-binance-stream']);
      err = '';
      expect(await runCli(['simulate', '--scenario', 'lag', ...common, '--consumer-container', 'ghost'], io)).toBe(64);
      expect(err).toContain('no Docker container named "ghost"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
