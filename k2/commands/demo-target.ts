import { listed } from './index.js';
import type { Argv } from 'yargs';
import * as catalog from '../../dashboards/catalog.js';
import { defineCommand, ExitCode, UsageError, type CliIO } from '../../src/index.js';
import { startDemoTarget } from '../target/demo-target.js';

interface DemoTargetArgs {
  port: number;
  host: string;
  profile: string;
  rate: number;
  capacity: number;
  lagRamp: number;
  memory: number;
  allowRemoteControl: boolean;
}

/** Resolves when SIGINT or SIGTERM arrives; the target then closes its server and timer. */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export const demoTargetCommand = defineCommand<DemoTargetArgs>({
  ...listed('demo-target'),
  examples: [
    ['$0 demo-target', 'Serve http://127.0.0.1:9464/metrics with the demo profile (recovery from MODERATE within 15 s)'],
    ['$0 demo-target --profile k2', "K2's own timings: 30 s recovery cooldown, 30 s health-check window"],
    ['$0 demo-target --port 0 --rate 500', 'A free port, 500 trades per second'],
    ['$0 demo-target --host 0.0.0.0 --allow-remote-control', 'Inside a container, reachable from the host'],
  ],
  builder: (y: Argv) =>
    y
      .option('port', { type: 'number', default: 9464, describe: 'Port for /metrics and /control (0 = any free port)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Interface to bind' })
      .option('profile', { type: 'string', choices: Object.keys(catalog.profiles), default: 'demo', describe: 'Timing profile from the catalog' })
      .option('rate', { type: 'number', default: 100, describe: 'Trades per second from the stream, spread evenly over the symbols' })
      .option('capacity', { type: 'number', default: 250_000, describe: 'Consumer capacity in messages per second (how fast a backlog drains)' })
      .option('lag-ramp', { type: 'number', default: 2, describe: 'Seconds the lag scenario takes to build its backlog' })
      .option('memory', { type: 'number', default: 40, describe: 'Modelled memory percent when no scenario sets it' })
      .option('allow-remote-control', { type: 'boolean', default: false, describe: 'Accept control requests from non-loopback clients' }),
  async run(args: DemoTargetArgs, io: CliIO): Promise<ExitCode> {
    for (const [flag, value] of [['--rate', args.rate], ['--capacity', args.capacity], ['--lag-ramp', args.lagRamp]] as const) {
      if (!Number.isFinite(value) || value < 0) throw new UsageError(`${flag} must be a non-negative number, got ${value}`);
    }
    if (args.rate > args.capacity) throw new UsageError(`--rate ${args.rate} exceeds --capacity ${args.capacity}: the backlog would grow without a scenario`);
    const profile = catalog.profiles[args.profile as catalog.ProfileName];
    const target = await startDemoTarget({
      config: catalog,
      profile,
      port: args.port,
      host: args.host,
      allowRemoteControl: args.allowRemoteControl,
      ratePerSecond: args.rate,
      consumerCapacityPerSecond: args.capacity,
      lagRampSeconds: args.lagRamp,
      baselineMemoryPercent: args.memory,
      log: (line) => io.stdout(`${line}\n`),
    });
    io.stderr(
      `K2 demo target (profile ${args.profile}, cooldown ${profile.cooldownSeconds}s) on ${target.url}/metrics; ` +
        `scenarios: k2-grafana simulate --scenario lag|disconnect|recover --target ${target.url}. Ctrl-C stops it.\n`,
    );
    const signal = await untilSignal();
    await target.close();
    io.stderr(`stopped on ${signal}\n`);
    return ExitCode.Ok;
  },
});
