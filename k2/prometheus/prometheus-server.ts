import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { PrometheusBinaryMissingError, PrometheusUnreachableError } from '../errors.js';
import { queryInstant, type PrometheusSample } from './prometheus-query.js';

export interface LocalPrometheusOptions {
  /** Scrape targets as `host:port` (or URLs, whose host:port is used); scraped at `/metrics`. */
  readonly targets: readonly string[];
  /** Rule files to load (absolute paths). */
  readonly ruleFiles?: readonly string[];
  /** Scrape and rule-evaluation interval. @default 1 */
  readonly intervalSeconds?: number;
  /** Job name of the scrape config. @default 'k2-demo-target' */
  readonly jobName?: string;
  /** @default 'prometheus' (found on PATH) */
  readonly binary?: string;
  /** How long to wait for `/-/ready`. @default 30000 */
  readonly readyTimeoutMs?: number;
}

export interface LocalPrometheus {
  /** e.g. `http://127.0.0.1:41235` */
  readonly url: string;
  readonly port: number;
  /** Instant query against this Prometheus. */
  query(expr: string, at?: number): Promise<PrometheusSample[]>;
  /** Poll `expr` until it returns at least one sample; the first scrape lands ~5-6 s after start on Prometheus 2.x. */
  waitForData(expr: string, options?: { timeoutMs?: number; intervalMs?: number }): Promise<PrometheusSample[]>;
  /** Everything Prometheus wrote to stderr (for failure messages). */
  logs(): string;
  /** SIGTERM, wait for exit, remove the temporary TSDB. */
  close(): Promise<void>;
}

/** True when the binary can be run. */
export function prometheusAvailable(binary = 'prometheus'): boolean {
  const probe = spawnSync(binary, ['--version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/**
 * Start a throwaway Prometheus on 127.0.0.1 (free port, temporary TSDB) scraping the given targets, for tests, the
 * benchmark and the narrated demo. Resolves once `/-/ready` answers; use `waitForData` before expecting samples.
 */
export async function startLocalPrometheus(options: LocalPrometheusOptions): Promise<LocalPrometheus> {
  const binary = options.binary ?? 'prometheus';
  if (!prometheusAvailable(binary)) throw new PrometheusBinaryMissingError(binary);
  const interval = `${options.intervalSeconds ?? 1}s`;
  const dir = await mkdtemp(join(tmpdir(), 'k2-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(
    configFile,
    stringify({
      global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
      rule_files: [...(options.ruleFiles ?? [])],
      scrape_configs: [
        {
          job_name: options.jobName ?? 'k2-demo-target',
          static_configs: [{ targets: options.targets.map(hostPort) }],
        },
      ],
    }),
  );

  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(
      binary,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-20_000);
    });
    const url = `http://127.0.0.1:${port}`;
    const ready = await waitReady(url, child, options.readyTimeoutMs ?? 30_000);
    if (ready) return handle(url, port, child, dir, () => stderr);
    lastError = stderr.trim().split('\n').slice(-3).join('\n');
    await stop(child);
    if (!/address already in use/.test(stderr)) break;
  }
  await rm(dir, { recursive: true, force: true });
  throw new PrometheusUnreachableError('127.0.0.1', `the local Prometheus did not become ready: ${lastError || 'no output'}`);
}

function handle(url: string, port: number, child: ChildProcess, dir: string, logs: () => string): LocalPrometheus {
  const query = (expr: string, at?: number) => queryInstant(url, expr, { at });
  return {
    url,
    port,
    query,
    logs,
    async waitForData(expr, { timeoutMs = 60_000, intervalMs = 250 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const samples = await query(expr);
        if (samples.length > 0) return samples;
        if (Date.now() > deadline) throw new PrometheusUnreachableError(url, `no data for ${expr} after ${timeoutMs / 1000}s`);
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    },
    async close() {
      await stop(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function hostPort(target: string): string {
  return /^https?:\/\//.test(target) ? new URL(target).host : target;
}

/** A port the OS says is free now (Prometheus cannot report a port it picked itself). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
