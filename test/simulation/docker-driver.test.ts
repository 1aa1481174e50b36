import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerDriver } from '../../k2/scenarios/docker-driver.js';
import { ContainerMissingError, DockerUnavailableError } from '../../k2/errors.js';

/**
 * A fake `docker` on PATH: it appends its arguments to a log and behaves like the real CLI for the containers the
 * test names (running, paused, missing) or like a CLI without a daemon.
 */
const FAKE_DOCKER = `#!/bin/sh
echo "$*" >> "$FAKE_DOCKER_LOG"
if [ "$FAKE_DOCKER_MODE" = "no-daemon" ]; then
  echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2
  exit 1
fi
case "$1" in
  pause|unpause) ;;
  *) echo "fake docker: unexpected command $1" >&2; exit 2 ;;
esac
[ $# -eq 2 ] || { echo "fake docker: expected exactly one container, got: $*" >&2; exit 2; }
case "$2" in
  k2-consumer|k2-binance-stream) ;;
  *) echo "Error response from daemon: No such container: $2" >&2; exit 1 ;;
esac
state="$FAKE_DOCKER_DIR/$2.paused"
if [ "$1" = pause ]; then
  [ -e "$state" ] && { echo "Error response from daemon: container $2 is already paused" >&2; exit 1; }
  touch "$state"
else
  [ -e "$state" ] || { echo "Error response from daemon: Container $2 is not paused" >&2; exit 1; }
  rm "$state"
fi
echo "$2"
`;

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k2-fake-docker-'));
  await writeFile(join(dir, 'docker'), FAKE_DOCKER);
  await chmod(join(dir, 'docker'), 0o755);
  env = { ...process.env, PATH: `${dir}:${process.env.PATH}`, FAKE_DOCKER_LOG: join(dir, 'calls.log'), FAKE_DOCKER_DIR: dir };
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const calls = async () => (await readFile(join(dir, 'calls.log'), 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);
let ids = 0;
const driver = (overrides: Partial<Parameters<typeof dockerDriver>[0]> = {}) =>
  dockerDriver({
    consumerContainer: 'k2-consumer',
    streamContainer: 'k2-binance-stream',
    stateFile: join(dir, 'state', 'simulation.json'),
    env,
    newEventId: () => `docker-${++ids}`,
    ...overrides,
  });

describe('docker driver', () => {
  it('lag pauses the consumer, disconnect the stream, recover unpauses both and ends both events', async () => {
    const lag = await driver().apply({ scenario: 'lag', lag: 600_000 });
    expect(lag).toMatchObject([{ scenario: 'lag', phase: 'start', eventId: 'docker-1' }]);
    const disconnect = await driver().apply({ scenario: 'disconnect' });
    expect(disconnect).toMatchObject([{ scenario: 'disconnect', phase: 'start', eventId: 'docker-2' }]);
    // A new driver instance (a new CLI run) still knows which events are open.
    const recover = await driver().apply({ scenario: 'recover' });
    expect(recover.map((e) => `${e.scenario}:${e.phase}:${e.eventId}`)).toEqual(['lag:end:docker-1', 'disconnect:end:docker-2']);
    expect(await calls()).toEqual(['pause k2-consumer', 'pause k2-binance-stream', 'unpause k2-consumer', 'unpause k2-binance-stream']);
  });

  it('recover with nothing paused is not an error', async () => {
    await expect(driver().apply({ scenario: 'recover' })).resolves.toEqual([]);
  });

  it('names a missing container and the flag that fixes it', async () => {
    const error = await driver({ consumerContainer: 'k2-nope' }).apply({ scenario: 'lag' }).catch((e) => e);
    expect(error).toBeInstanceOf(ContainerMissingError);
    expect(error.message).toContain('"k2-nope"');
    expect(error.hint).toContain('--consumer-container');
    expect((await calls()).at(-1)).toBe('pause k2-nope');
  });

  it('says the daemon is not running when it is not', async () => {
    const error = await driver({ env: { ...env, FAKE_DOCKER_MODE: 'no-daemon' } }).apply({ scenario: 'disconnect' }).catch((e) => e);
    expect(error).toBeInstanceOf(DockerUnavailableError);
    expect(error.message).toContain('Cannot connect to the Docker daemon');
    expect(error.code).toBe('unreachable');
  });

  it('says the docker CLI is missing when it is not on PATH', async () => {
    const error = await driver({ binary: join(dir, 'no-such-docker') }).apply({ scenario: 'lag' }).catch((e) => e);
    expect(error).toBeInstanceOf(DockerUnavailableError);
    expect(error.message).toContain('not found');
  });
});
