/**
 * Provision benchmark (issue 4 item 8; not a test): 200 synthetic dashboards and 50 alert rules pushed to the
 * emulator with 20 ms latency injected per request, at concurrency 1 and at the default, then a no-op second run.
 * Prints requests, writes, wall time, the latency-bound limit (requests / concurrency x latency) and the ratios.
 * The emulator runs in a child process, as Grafana would run apart from the CLI, so its CPU time is not ours.
 * Run: npm run bench:provision
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { defaultConcurrency, provision } from '../src/apply/index.js';
import { createGrafanaClient } from '../src/grafana/index.js';
import { startEmulator } from '../test/emulator/emulator.js';
import { syntheticEnv, syntheticProject } from '../test/provision/synthetic-project.js';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const CHILD_FLAG = '--emulator-child';

interface Counts {
  readonly requests: number;
  readonly writes: number;
  /** CPU time the emulator process has used so far (ms). */
  readonly serverCpuMs: number;
}

/** Child side: an emulator with the latency set, answering `count` / `clear` over IPC. */
async function child(): Promise<void> {
  const emu = await startEmulator({ seed: 1 });
  emu.setFaults({ latencyMs: LATENCY_MS });
  process.on('message', (msg: { cmd: string }) => {
    if (msg.cmd === 'clear') emu.clearLog();
    if (msg.cmd === 'count') {
      const cpu = process.cpuUsage();
      process.send!({ requests: emu.requests.length, writes: emu.writes().length, serverCpuMs: (cpu.user + cpu.system) / 1000 });
    }
    if (msg.cmd === 'exit') void emu.close().then(() => process.exit(0));
  });
  process.send!({ url: emu.url, token: emu.adminToken });
}

/** Parent side: a handle on one child emulator. */
async function spawnEmulator(): Promise<{ url: string; token: string; ask: (cmd: string) => Promise<Counts>; tell: (cmd: string) => void; proc: ChildProcess }> {
  const proc = fork(fileURLToPath(import.meta.url), [CHILD_FLAG], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const first = await new Promise<{ url: string; token: string }>((resolve) => proc.once('message', (m) => resolve(m as { url: string; token: string })));
  return {
    ...first,
    proc,
    tell: (cmd) => void proc.send({ cmd }),
    ask: (cmd) => new Promise<Counts>((resolve) => {
      proc.once('message', (m) => resolve(m as Counts));
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
  const rules = project.ruleGroups.reduce((n, g) => n + (g.group.rules as unknown[]).length, 0);

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
    const result = await provision({ project, client, env: syntheticEnv, concurrency });
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
  const noop = await run(emu, `no-op run, concurrency ${defaultConcurrency}`, defaultConcurrency);
  emu.tell('exit');

  const row = (m: Measured): string =>
    [
      m.label.padEnd(28), String(m.concurrency).padStart(4), String(m.requests).padStart(8), String(m.writes).padStart(7),
      `${(m.wallMs / 1000).toFixed(2)} s`.padStart(9), `${(m.limitMs / 1000).toFixed(2)} s`.padStart(9), (m.wallMs / m.limitMs).toFixed(2).padStart(10),
      `${(m.cpuMs / 1000).toFixed(2)} s`.padStart(9), `${(m.serverCpuMs / 1000).toFixed(2)} s`.padStart(12),
      `${m.meanRequestMs.toFixed(1)} ms`.padStart(9),
    ].join('  ');
  console.log(`provision benchmark: ${project.dashboards.length} dashboards, ${rules} alert rules in ${project.ruleGroups.length} groups, ${LATENCY_MS} ms latency per request`);
  console.log(['run'.padEnd(28), 'conc'.padStart(4), 'requests'.padStart(8), 'writes'.padStart(7), 'wall'.padStart(9), 'limit'.padStart(9), 'wall/limit'.padStart(10), 'our CPU'.padStart(9), 'emulator CPU'.padStart(12), 'per req'.padStart(9)].join('  '));
  for (const m of [serial, parallel, noop]) console.log(row(m));
  console.log(`requests x mean request time / concurrency for the default run: ${((parallel.requests * parallel.meanRequestMs) / parallel.concurrency / 1000).toFixed(2)} s (wall ${(parallel.wallMs / 1000).toFixed(2)} s)`);
  console.log(`default vs latency-bound limit: ${(parallel.wallMs / parallel.limitMs).toFixed(2)}x (target <= 1.3x)`);
  console.log(`default vs concurrency 1: ${(serial.wallMs / parallel.wallMs).toFixed(1)}x faster (target >= 5x)`);
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other processes stretch the wall times)`);
  console.log(`no-op second run: ${noop.writes} writes, ${noop.requests} requests (reads only), ${(noop.wallMs / 1000).toFixed(2)} s, ${(noop.wallMs / noop.limitMs).toFixed(2)}x its limit`);
}

if (process.argv.includes(CHILD_FLAG)) await child();
else await main();
