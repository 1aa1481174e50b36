// Runs the emulator standalone (for trying the CLI by hand, or running the contract suite "as a real Grafana"):
//   npx tsx test/emulator/serve.ts [--version 13.1] [--seed 42]
// Prints GRAFANA_URL and GRAFANA_TOKEN lines to export; stops on Ctrl-C / SIGTERM.
import { startEmulator, type EmulatorVersion } from './emulator.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const emu = await startEmulator({
  version: (arg('version') as EmulatorVersion | undefined) ?? '12.3',
  ...(arg('seed') ? { seed: Number(arg('seed')) } : {}),
});
process.stdout.write(`GRAFANA_URL=${emu.url}\nGRAFANA_TOKEN=${emu.adminToken}\n`);
const stop = (): void => {
  void emu.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
