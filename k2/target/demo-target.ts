import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../model/clock.js';
import { MetricsExporter } from './metrics-exporter.js';
import { PipelineModel, type ModelLogRecord, type PipelineSnapshot } from '../model/pipeline-model.js';
import { OpenFailures, scenarioNames, type ScenarioName, type SimulationEvent } from '../scenarios/simulation-event.js';
import type { SimulationConfig, TimingProfile } from '../model/simulation-config.js';

export interface DemoTargetOptions {
  /** Catalog-shaped config: metric contract, levels, tiers (pass the K2 catalog module). */
  readonly config: SimulationConfig;
  readonly profile: TimingProfile;
  /** Port to listen on; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  readonly host?: string;
  /** Accept control requests from non-loopback clients (e.g. inside a container). @default false */
  readonly allowRemoteControl?: boolean;
  /** Stream rate, messages per second. @default 100 */
  readonly ratePerSecond?: number;
  /** Consumer capacity, messages per second. @default 250000 */
  readonly consumerCapacityPerSecond?: number;
  /** @default 2 */
  readonly lagRampSeconds?: number;
  /** @default 40 */
  readonly baselineMemoryPercent?: number;
  /** Lag target of the `lag` scenario when the request names none. @default 600000 */
  readonly defaultLag?: number;
  /** How often the model advances on real time. @default 250 */
  readonly tickMs?: number;
  readonly clock?: Clock;
  /** Receives each structured log record as one JSON line (no trailing newline). @default no logging */
  readonly log?: (line: string) => void;
  readonly newEventId?: () => string;
}

export interface ScenarioRequest {
  readonly name: ScenarioName;
  /** Lag target for `lag`. */
  readonly lag?: number;
  /** Memory percent for `memory`. */
  readonly memory?: number;
}

export interface ScenarioResponse {
  readonly scenario: ScenarioName;
  /** Events this action started or ended, in order. */
  readonly events: SimulationEvent[];
  readonly state: StateView;
}

/** What `GET /control/state` returns: the model's state with level and breaker by name. */
export type StateView = Omit<PipelineSnapshot, 'level'> & { readonly level: { value: number; name: string; code: string } };

export interface DemoTarget {
  /** Base URL, e.g. `http://127.0.0.1:9464`; `/metrics` and `/control/*` live under it. */
  readonly url: string;
  readonly port: number;
  readonly model: PipelineModel;
  readonly exporter: MetricsExporter;
  /** Apply a scenario in-process, exactly as `POST /control/scenario` does. */
  applyScenario(request: ScenarioRequest): ScenarioResponse;
  state(): StateView;
  close(): Promise<void>;
}

/** Start the demo target: the pipeline model on real timers, `/metrics`, and a loopback control endpoint. */
export async function startDemoTarget(options: DemoTargetOptions): Promise<DemoTarget> {
  const clock = options.clock ?? systemClock;
  const log = options.log;
  const model = new PipelineModel({
    config: options.config,
    profile: options.profile,
    clock,
    ratePerSecond: options.ratePerSecond,
    consumerCapacityPerSecond: options.consumerCapacityPerSecond,
    lagRampSeconds: options.lagRampSeconds,
    baselineMemoryPercent: options.baselineMemoryPercent,
    log: log ? (record: ModelLogRecord) => log(JSON.stringify(record)) : undefined,
  });
  const exporter = new MetricsExporter({ config: options.config, initial: model.snapshot() });
  const failures = new OpenFailures([], options.newEventId);
  const defaultLag = options.defaultLag ?? 600_000;

  const advance = () => {
    model.tick();
    exporter.sync(model.snapshot());
  };
  const state = (): StateView => {
    advance();
    const { level, ...rest } = model.snapshot();
    return { ...rest, level: { value: level.value, name: level.name, code: level.code } };
  };
  const applyScenario = (request: ScenarioRequest): ScenarioResponse => {
    advance();
    const at = clock.now();
    let events: SimulationEvent[];
    switch (request.name) {
      case 'lag': {
        const lag = request.lag ?? defaultLag;
        model.throttleConsumer(lag);
        events = failures.start('lag', at, { lag });
        break;
      }
      case 'disconnect':
        model.disconnectStream();
        events = failures.start('disconnect', at);
        break;
      case 'memory': {
        if (request.memory === undefined) throw new RangeError('the memory scenario needs a memory percent');
        model.setMemoryPercent(request.memory);
        events = failures.start('memory', at, { memoryPercent: request.memory });
        break;
      }
      case 'recover':
        model.recover();
        events = failures.end(at);
        break;
      default:
        throw new RangeError(`unknown scenario ${String((request as { name: unknown }).name)}; use one of ${scenarioNames.join(', ')}`);
    }
    exporter.sync(model.snapshot());
    return { scenario: request.name, events, state: state() };
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => reply(res, 500, { error: error instanceof Error ? error.message : String(error) }));
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/metrics') {
      advance();
      res.writeHead(200, { 'content-type': exporter.contentType });
      res.end(await exporter.metrics());
      return;
    }
    if (path.startsWith('/control/')) {
      if (!options.allowRemoteControl && !isLoopback(req.socket.remoteAddress)) {
        reply(res, 403, { error: 'the control endpoint only accepts loopback clients (start with allowRemoteControl to change that)' });
        return;
      }
      if (req.method === 'GET' && path === '/control/state') return reply(res, 200, state());
      if (req.method === 'POST' && path === '/control/scenario') {
        let request: ScenarioRequest;
        try {
          request = parseScenarioRequest(await readBody(req));
        } catch (error) {
          return reply(res, 400, { error: (error as Error).message });
        }
        try {
          return reply(res, 200, applyScenario(request));
        } catch (error) {
          return reply(res, 400, { error: (error as Error).message });
        }
      }
    }
    if (req.method === 'GET' && (path === '/' || path === '/healthz')) {
      return reply(res, 200, { status: 'ok', metrics: '/metrics', control: ['/control/state', 'POST /control/scenario'] });
    }
    reply(res, 404, { error: `no route ${req.method} ${path}` });
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const timer = setInterval(advance, options.tickMs ?? 250);
  log?.(JSON.stringify({ time: new Date(clock.now()).toISOString(), event: 'demo_target_started', port, host }));

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    model,
    exporter,
    applyScenario,
    state,
    close: () => {
      clearInterval(timer);
      return closeServer(server);
    },
  };
}

function parseScenarioRequest(body: string): ScenarioRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body || '{}');
  } catch {
    throw new RangeError('the body must be JSON: {"name": "lag" | "disconnect" | "memory" | "recover", "lag"?: number, "memory"?: number}');
  }
  const { name, lag, memory } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof name !== 'string' || !scenarioNames.includes(name as ScenarioName)) {
    throw new RangeError(`"name" must be one of ${scenarioNames.join(', ')}`);
  }
  if (lag !== undefined && (typeof lag !== 'number' || !Number.isFinite(lag) || lag < 0)) throw new RangeError('"lag" must be a non-negative number');
  if (memory !== undefined && (typeof memory !== 'number' || memory < 0 || memory > 100)) throw new RangeError('"memory" must be 0..100');
  return { name: name as ScenarioName, lag: lag as number | undefined, memory: memory as number | undefined };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 65_536) req.destroy(new Error('request body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(`${JSON.stringify(body)}\n`);
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
