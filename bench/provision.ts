/**
 * Provision benchmark (issue 4 item 8; not a test): 200 synthetic dashboards and 50 alert rules pushed to the
 * emulator with 20 ms latency injected per request, at concurrency 1 and at the default, then a no-op second run.
 * Prints requests, writes, wall time, the latency-bound limit (requests / concurrency x latency) and the ratios.
 * The emulator runs in a child process, as Grafana would run apart from the CLI, so its CPU time is not ours.
 * Then the floors under those figures: the same requests replayed with nothing else to do (by plain Node http and
 * by the Grafana client), and as many requests to a server that only waits the latency. The gap between a run and
 * its floor is what provisioning costs; the floor above the limit is the emulator, the transport and the machine.
 * Then the two transports (issue 16): 2000 dashboards in 40 folders on a 13.1 emulator (one store behind both APIs),
 * pushed once through the classic API, then a no-op run through each API with 20 ms per request: requests, wall time
 * and the peak RSS of the provisioning process (a child of its own, `process.resourceUsage().maxRSS`) at 200 and
 * 2000 dashboards, side by side. `BENCH_PART=transports` runs only that part.
 * Run: npm run bench:provision
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { defaultConcurrency, provision } from '../src/apply/index.js';
import { APP_PLATFORM_PAGE_SIZE, type ApiChoice } from '../src/kinds/transport.js';
import { createGrafanaClient } from '../src/grafana/index.js';
import { startEmulator } from '../test/emulator/emulator.js';
import { syntheticEnv, syntheticProject } from '../test/provision/synthetic-project.js';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const CHILD_FLAG = '--emulator-child';
const WAIT_CHILD_FLAG = '--wait-child';
const CLIENT_CHILD_FLAG = '--client-child';

interface Counts {
  readonly requests: number;
  readonly writes: number;
  /** CPU time the emulator process has used so far (ms). */
  readonly serverCpuMs: number;
}

/** Child side: an emulator with the latency set, answering `count` / `clear` over IPC (the version after the flag). */
async function child(): Promise<void> {
  const version = process.argv[process.argv.indexOf(CHILD_FLAG) + 1];
  const emu = await startEmulator({ seed: 1, ...(version === '11.6' || version === '12.3' || version === '13.1' ? { version } : {}) });
  emu.setFaults({ latencyMs: LATENCY_MS });
  process.on('message', (msg: { cmd: string; ms?: number }) => {
    if (msg.cmd === 'latency') {
      emu.setFaults({ latencyMs: msg.ms ?? LATENCY_MS });
      process.send!({ ok: true });
    }
    if (msg.cmd === 'clear') emu.clearLog();
    if (msg.cmd === 'count') {
      const cpu = process.cpuUsage();
      process.send!({ requests: emu.requests.length, writes: emu.writes().length, serverCpuMs: (cpu.user + cpu.system) / 1000 });
    }
    if (msg.cmd === 'log') process.send!({ log: emu.requests.map((r) => ({ method: r.method, path: r.path, query: r.query, body: r.body, status: r.status })) });
    if (msg.cmd === 'exit') void emu.close().then(() => process.exit(0));
  });
  process.send!({ url: emu.url, token: emu.adminToken });
}

/** Child side of the transport floor: a server that only waits the latency and answers a fixed 2 KB JSON body. */
async function waitChild(): Promise<void> {
  const body = JSON.stringify({ dashboard: { title: 'x'.repeat(2000) } });
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => setTimeout(() => res.writeHead(200, { 'Content-Type': 'application/json' }).end(body), LATENCY_MS));
  });
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('message', () => process.exit(0));
  process.send!({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, token: '' });
}

/** Parent side: a handle on one child emulator (or, with WAIT_CHILD_FLAG, the waiting server). */
async function spawnEmulator(flag = CHILD_FLAG, version = ''): Promise<{ url: string; token: string; ask: <T = Counts>(cmd: string) => Promise<T>; tell: (cmd: string) => void; proc: ChildProcess }> {
  const proc = fork(fileURLToPath(import.meta.url), [flag, ...(version ? [version] : [])], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const first = await new Promise<{ url: string; token: string }>((resolve) => proc.once('message', (m) => resolve(m as { url: string; token: string })));
  return {
    ...first,
    proc,
    tell: (cmd) => void proc.send({ cmd }),
    ask: <T>(cmd: string) => new Promise<T>((resolve) => {
      proc.once('message', (m) => resolve(m as T));
      proc.send({ cmd });
    }),
  };
}

interface Measured extends Counts {
  readonly label: string;
  readonly concurrency: number;
  readonly wallMs: number;
  /** CPU time this process (the CLI side) used during the run: what a loaded machine stretches. */
  readonly cpuMs: number;
  /** Mean time of one request as the client saw it; 20 ms plus server and event-loop delays. */
  readonly meanRequestMs: number;
  readonly limitMs: number;
}

async function main(): Promise<void> {
  const project = syntheticProject({ dashboards: 200, rules: 50 });
  const rules = (project.ruleGroups ?? []).reduce((n, g) => n + (g.group.rules as unknown[]).length, 0);

  async function run(emu: Awaited<ReturnType<typeof spawnEmulator>>, label: string, concurrency: number): Promise<Measured> {
    const before = await emu.ask('count');
    emu.tell('clear');
    const client = createGrafanaClient({ url: emu.url, token: emu.token, proxy: false });
    // Time every request as the client sees it (20 ms injected + server + both event loops).
    const send = client.request.bind(client);
    let requestMs = 0;
    client.request = (async (req) => {
      const t = performance.now();
      try {
        return await send(req);
      } finally {
        requestMs += performance.now() - t;
      }
    }) as typeof client.request;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    // The classic API, as before issue 16 (the emulator is 12.3, where auto would take the app-platform path).
    const result = await provision({ project, client, env: syntheticEnv, concurrency, api: 'classic' });
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const failed = result.summary!.counts.failed + result.summary!.counts['not-applied'];
    if (failed > 0) throw new Error(`${label}: ${failed} object(s) failed`);
    const counts = await emu.ask('count');
    return {
      label, concurrency, ...counts, serverCpuMs: counts.serverCpuMs - before.serverCpuMs, wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000, limitMs: (counts.requests / concurrency) * LATENCY_MS,
      meanRequestMs: requestMs / counts.requests,
    };
  }

  const serialEmu = await spawnEmulator();
  const serial = await run(serialEmu, 'first run, concurrency 1', 1);
  serialEmu.tell('exit');
  const emu = await spawnEmulator();
  const parallel = await run(emu, `first run, concurrency ${defaultConcurrency}`, defaultConcurrency);
  const { log: firstLog } = await emu.ask<{ log: Replayed[] }>('log');
  const noop = await run(emu, `no-op run, concurrency ${defaultConcurrency}`, defaultConcurrency);
  // The floor under the no-op run: its reads sent again at the same concurrency, by plain Node http and by the
  // Grafana client, with nothing else to do. What they take above the limit is the emulator, the transport and
  // the machine, not provisioning.
  const { log } = await emu.ask<{ log: Replayed[] }>('log');
  const plainMs: number[] = [];
  const clientMs: number[] = [];
  let replayCpuMs = 0;
  for (let i = 0; i < 3; i++) {
    const before = await emu.ask('count');
    plainMs.push(await replay(log, defaultConcurrency, plainSender(emu.url, emu.token)));
    replayCpuMs += (await emu.ask('count')).serverCpuMs - before.serverCpuMs;
    const client = createGrafanaClient({ url: emu.url, token: emu.token, proxy: false });
    clientMs.push(await replay(log, defaultConcurrency, (r) => client.request({ method: r.method as 'GET', path: r.path, query: r.query })));
  }
  emu.tell('exit');
  // And under that: the same number of requests to a server that does nothing but wait (transport and timers).
  const waiter = await spawnEmulator(WAIT_CHILD_FLAG);
  const waitMs: number[] = [];
  for (let i = 0; i < 3; i++) waitMs.push(await replay(log, defaultConcurrency, plainSender(waiter.url, waiter.token)));
  waiter.tell('exit');
  // The same for the first run's requests (writes included), each time on a fresh emulator: the listings at
  // concurrency 8, then each folder write alone (a nested folder needs its parent), then the rest at concurrency 8.
  const writeMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const fresh = await spawnEmulator();
    await fresh.ask('count');
    const send = plainSender(fresh.url, fresh.token);
    const t0 = performance.now();
    let batch: Replayed[] = [];
    for (const r of firstLog) {
      if (r.method === 'GET' || !r.path.startsWith('/api/folders')) {
        batch.push(r);
        continue;
      }
      await replay(batch, defaultConcurrency, send);
      batch = [];
      await send(r);
    }
    await replay(batch, defaultConcurrency, send);
    writeMs.push(performance.now() - t0);
    const { log: again } = await fresh.ask<{ log: Replayed[] }>('log');
    const differ = again.filter((r, j) => r.status !== firstLog[j]?.status).length;
    if (differ > 0) console.log(`(replay ${i + 1}: ${differ} of ${again.length} statuses differ from the provision run's)`);
    fresh.tell('exit');
  }

  const row = (m: Measured): string =>
    [
      m.label.padEnd(28), String(m.concurrency).padStart(4), String(m.requests).padStart(8), String(m.writes).padStart(7),
      `${(m.wallMs / 1000).toFixed(2)} s`.padStart(9), `${(m.limitMs / 1000).toFixed(2)} s`.padStart(9), (m.wallMs / m.limitMs).toFixed(2).padStart(10),
      `${(m.cpuMs / 1000).toFixed(2)} s`.padStart(9), `${(m.serverCpuMs / 1000).toFixed(2)} s`.padStart(12),
      `${m.meanRequestMs.toFixed(1)} ms`.padStart(9),
    ].join('  ');
  console.log(`provision benchmark: ${(project.dashboards ?? []).length} dashboards, ${rules} alert rules in ${(project.ruleGroups ?? []).length} groups, ${LATENCY_MS} ms latency per request`);
  console.log(['run'.padEnd(28), 'conc'.padStart(4), 'requests'.padStart(8), 'writes'.padStart(7), 'wall'.padStart(9), 'limit'.padStart(9), 'wall/limit'.padStart(10), 'our CPU'.padStart(9), 'emulator CPU'.padStart(12), 'per req'.padStart(9)].join('  '));
  for (const m of [serial, parallel, noop]) console.log(row(m));
  console.log(`requests x mean request time / concurrency for the default run: ${((parallel.requests * parallel.meanRequestMs) / parallel.concurrency / 1000).toFixed(2)} s (wall ${(parallel.wallMs / 1000).toFixed(2)} s)`);
  console.log(`default vs latency-bound limit: ${(parallel.wallMs / parallel.limitMs).toFixed(2)}x (target <= 1.3x)`);
  console.log(`default vs concurrency 1: ${(serial.wallMs / parallel.wallMs).toFixed(1)}x faster (target >= 5x)`);
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other processes stretch the wall times)`);
  const replayLimit = (log.length / defaultConcurrency) * LATENCY_MS;
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const floor = (label: string, xs: number[]): string =>
    `${label} ${(median(xs) / 1000).toFixed(2)} s, ${(median(xs) / replayLimit).toFixed(2)}x (median of ${xs.length})`;
  const writeLimit = (firstLog.length / defaultConcurrency) * LATENCY_MS;
  console.log(`first run's ${firstLog.length} requests replayed by plain Node http, nothing else done: ${(median(writeMs) / 1000).toFixed(2)} s, ${(median(writeMs) / writeLimit).toFixed(2)}x (median of ${writeMs.length})`);
  console.log(`no-op run's ${log.length} reads replayed at concurrency ${defaultConcurrency}, nothing else done: ${floor('plain Node http', plainMs)} (emulator CPU ${(replayCpuMs / plainMs.length / log.length).toFixed(2)} ms per request); ${floor('Grafana client', clientMs)}`);
  console.log(`as many requests to a server that only waits ${LATENCY_MS} ms: ${floor('plain Node http', waitMs)}`);
  console.log(`no-op second run: ${noop.writes} writes, ${noop.requests} requests (reads only), ${(noop.wallMs / 1000).toFixed(2)} s, ${(noop.wallMs / noop.limitMs).toFixed(2)}x its limit`);
}

interface Replayed {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string | string[]>>;
  readonly body?: unknown;
  readonly status: number;
}

/** Sends `log` with `concurrency` requests in flight, in order; resolves the wall time (ms). */
async function replay(log: readonly Replayed[], concurrency: number, send: (r: Replayed) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < log.length) await send(log[next++]!);
  }));
  return performance.now() - t0;
}

/** Requests with Node's http and one keep-alive agent: the least a client can do per request. */
function plainSender(url: string, token: string): (r: Replayed) => Promise<unknown> {
  const agent = new http.Agent({ keepAlive: true });
  return (r) => new Promise((resolve, reject) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(r.query)) for (const item of Array.isArray(v) ? v : [v]) q.append(k, item);
    const qs = q.toString();
    const body = r.body === undefined ? undefined : JSON.stringify(r.body);
    const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
    const req = http.request(`${url}${r.path}${qs ? `?${qs}` : ''}`, { method: r.method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(text === '' ? undefined : JSON.parse(text)));
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface TransportRun {
  readonly grafana: string;
  readonly dashboards: number;
  readonly api: ApiChoice;
  readonly requests: number;
  readonly writes: number;
  readonly wallMs: number;
  readonly maxRssMb: number;
  readonly pending: boolean;
}

/** Client child: one no-op provision through `api`, reporting wall time and this process's peak RSS. */
async function clientChild(): Promise<void> {
  const { url, token, api, dashboards, folders } = JSON.parse(process.argv[process.argv.indexOf(CLIENT_CHILD_FLAG) + 1]!) as { url: string; token: string; api: ApiChoice; dashboards: number; folders: number };
  const project = syntheticProject({ dashboards, rules: 0, folders });
  const client = createGrafanaClient({ url, token, proxy: false });
  const t0 = performance.now();
  const result = await provision({ project, client, env: syntheticEnv, api });
  const wallMs = performance.now() - t0;
  const broken = result.summary!.counts.failed + result.summary!.counts['not-applied'];
  if (broken > 0) throw new Error(`${api}: ${broken} object(s) failed: ${JSON.stringify(result.summary!.results.find((r) => r.error)?.error)}`);
  process.send!({ wallMs, maxRssMb: process.resourceUsage().maxRSS / 1024, pending: result.plan.pending, apis: result.apis });
}

async function transports(): Promise<void> {
  const FOLDERS = 40;
  const runs: TransportRun[] = [];
  // 11.6 (no app-platform API we use): auto costs one discovery request over classic, nothing else.
  const cases = [
    { version: '11.6', dashboards: 200, apis: ['classic', 'auto'] as const },
    { version: '13.1', dashboards: 200, apis: ['classic', 'app-platform'] as const },
    { version: '13.1', dashboards: 2000, apis: ['classic', 'app-platform'] as const },
  ];
  for (const { version, dashboards, apis } of cases) {
    const emu = await spawnEmulator(CHILD_FLAG, version);
    // Filled through the classic API without latency: the no-op runs then also show that switching is not drift.
    await new Promise((resolve) => { emu.proc.once('message', resolve); emu.proc.send({ cmd: 'latency', ms: 0 }); });
    const fill = await provision({ project: syntheticProject({ dashboards, rules: 0, folders: FOLDERS }), client: createGrafanaClient({ url: emu.url, token: emu.token, proxy: false }), env: syntheticEnv, api: 'classic' });
    if (fill.summary!.counts.created !== fill.desired.length) throw new Error(`fill: ${JSON.stringify(fill.summary!.counts)}`);
    await new Promise((resolve) => { emu.proc.once('message', resolve); emu.proc.send({ cmd: 'latency', ms: LATENCY_MS }); });
    for (const api of apis) {
      emu.tell('clear');
      const proc = fork(fileURLToPath(import.meta.url), [CLIENT_CHILD_FLAG, JSON.stringify({ url: emu.url, token: emu.token, api, dashboards, folders: FOLDERS })], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const measured = await new Promise<{ wallMs: number; maxRssMb: number; pending: boolean }>((resolve, reject) => {
        proc.once('message', (m) => resolve(m as { wallMs: number; maxRssMb: number; pending: boolean }));
        proc.once('exit', (code) => (code ? reject(new Error(`client child (${api}, ${dashboards}) exited ${code}`)) : undefined));
      });
      const counts = await emu.ask('count');
      runs.push({ grafana: version, dashboards, api, requests: counts.requests, writes: counts.writes, ...measured });
    }
    emu.tell('exit');
  }
  console.log(`\ntransports: no-op run, ${FOLDERS} folders, ${LATENCY_MS} ms per request, concurrency ${defaultConcurrency} (app-platform page size asked: ${APP_PLATFORM_PAGE_SIZE})`);
  console.log(['grafana'.padStart(7), 'dashboards'.padStart(10), 'api'.padEnd(13), 'requests'.padStart(8), 'writes'.padStart(6), 'wall'.padStart(9), 'peak RSS'.padStart(9), 'pending'.padStart(7)].join('  '));
  for (const r of runs) {
    console.log([r.grafana.padStart(7), String(r.dashboards).padStart(10), r.api.padEnd(13), String(r.requests).padStart(8), String(r.writes).padStart(6), `${(r.wallMs / 1000).toFixed(2)} s`.padStart(9), `${r.maxRssMb.toFixed(0)} MB`.padStart(9), String(r.pending).padStart(7)].join('  '));
  }
  const at = (version: string, n: number, api: string) => runs.find((r) => r.grafana === version && r.dashboards === n && r.api === api)!;
  const classic = at('13.1', 2000, 'classic');
  const app = at('13.1', 2000, 'app-platform');
  console.log(`Grafana 11.6, 200 dashboards: auto ${at('11.6', 200, 'auto').requests} requests, ${(at('11.6', 200, 'auto').wallMs / 1000).toFixed(2)} s; classic ${at('11.6', 200, 'classic').requests} requests, ${(at('11.6', 200, 'classic').wallMs / 1000).toFixed(2)} s`);
  console.log(`2000 dashboards: app-platform ${(classic.wallMs / app.wallMs).toFixed(1)}x faster than classic (target >= 3x); ${app.requests} requests, ceil(2000 / ${APP_PLATFORM_PAGE_SIZE}) = ${Math.ceil(2000 / APP_PLATFORM_PAGE_SIZE)} dashboard pages (target: that + a few)`);
}

if (process.argv.includes(WAIT_CHILD_FLAG)) await waitChild();
else if (process.argv.includes(CLIENT_CHILD_FLAG)) await clientChild();
else if (process.argv.includes(CHILD_FLAG)) await child();
else if (process.env.BENCH_PART === 'transports') await transports();
else {
  await main();
  await transports();
}
