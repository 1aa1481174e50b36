import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../../src/index.js';
import { systemClock, type Clock } from '../model/clock.js';
import { ContainerMissingError, DockerUnavailableError } from '../errors.js';
import type { SimulationDriver, ScenarioStep } from './simulation-driver.js';
import { OpenFailures, type OpenFailure, type SimulationEvent } from './simulation-event.js';

export interface DockerDriverOptions {
  /** Container paused by `lag`: the consumer, so the backlog builds. */
  readonly consumerContainer: string;
  /** Container paused by `disconnect`: the stream, so no message arrives. */
  readonly streamContainer: string;
  /** JSON file remembering open failures between runs, so `recover` can end them. */
  readonly stateFile: string;
  /** @default 'docker' */
  readonly binary?: string;
  /** Environment for the docker CLI (PATH, DOCKER_HOST). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  readonly clock?: Clock;
  readonly newEventId?: () => string;
}

interface DockerResult {
  readonly code: number;
  readonly stderr: string;
}

/**
 * Drives a real stack with `docker pause` / `docker unpause`: `lag` pauses the consumer (lag grows at the stream's
 * rate; it cannot be held at a target), `disconnect` pauses the stream, `recover` unpauses both.
 */
export function dockerDriver(options: DockerDriverOptions): SimulationDriver {
  const binary = options.binary ?? 'docker';
  const clock = options.clock ?? systemClock;
  const roles = {
    consumer: { name: options.consumerContainer, flag: '--consumer-container' },
    stream: { name: options.streamContainer, flag: '--stream-container' },
  } as const;

  const docker = (args: string[]): Promise<DockerResult> =>
    new Promise((resolve, reject) => {
      execFile(binary, args, { env: options.env ?? process.env, timeout: 30_000 }, (error, _stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new DockerUnavailableError(`the "${binary}" command was not found on PATH`, { cause: error }));
          return;
        }
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr: String(stderr) });
      });
    });

  const run = async (verb: 'pause' | 'unpause', role: keyof typeof roles): Promise<void> => {
    const { name, flag } = roles[role];
    const { code, stderr } = await docker([verb, name]);
    if (code === 0) return;
    if (/no such container/i.test(stderr)) throw new ContainerMissingError(name, role, flag);
    if (/cannot connect to the docker daemon|is the docker daemon running|docker\.sock|error during connect/i.test(stderr)) {
      throw new DockerUnavailableError(firstLine(stderr));
    }
    // Pausing what is paused, or unpausing what is not, leaves the wanted state: not an error.
    if (verb === 'pause' && /already paused/i.test(stderr)) return;
    if (verb === 'unpause' && /is not paused/i.test(stderr)) return;
    throw new DockerUnavailableError(`docker ${verb} ${name} failed (exit ${code}): ${firstLine(stderr)}`);
  };

  return {
    name: 'docker',
    holdsLagTarget: false,
    async apply(step: ScenarioStep): Promise<SimulationEvent[]> {
      const failures = new OpenFailures(await readState(options.stateFile), options.newEventId);
      let events: SimulationEvent[];
      switch (step.scenario) {
        case 'lag':
          await run('pause', 'consumer');
          events = failures.start('lag', clock.now(), step.lag === undefined ? {} : { lag: step.lag });
          break;
        case 'disconnect':
          await run('pause', 'stream');
          events = failures.start('disconnect', clock.now());
          break;
        case 'recover':
          await run('unpause', 'consumer');
          await run('unpause', 'stream');
          events = failures.end(clock.now());
          break;
        default:
          throw new UsageError(`the docker driver cannot run the ${step.scenario} scenario`, 'Use --driver demo-target for it.');
      }
      await writeState(options.stateFile, failures.list());
      return events;
    },
  };
}

async function readState(file: string): Promise<OpenFailure[]> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { open?: OpenFailure[] };
    return Array.isArray(parsed.open) ? parsed.open : [];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function writeState(file: string, open: OpenFailure[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ open }, null, 2)}\n`);
  await rename(temp, file);
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] || 'no output';
}
