import { createGrafanaClient, type GrafanaClient, type GrafanaClientOptions } from '../../src/grafana/index.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/emulator.js';

/** Secrets the K2 contact point refers to; fake values, only ever sent to the loopback emulator. */
export const testEnv = { K2_ALERT_WEBHOOK_URL: 'https://hooks.example.test/k2/s3cr3t-webhook-token' };

/** A client with fast retries (injected sleeper): faults cost no wall time, and nothing but loopback is contacted. */
export function testClient(emu: Emulator, options: Partial<GrafanaClientOptions> = {}): GrafanaClient {
  return createGrafanaClient({
    ...emu.clientOptions(),
    proxy: false,
    timeoutMs: 10_000,
    sleep: async () => {},
    ...options,
  });
}

export async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ seed: 7, ...options });
}

/** Write requests in the log (non-GET), as `METHOD path`. */
export function writeLines(emu: Emulator): string[] {
  return emu.writes().map((r) => `${r.method} ${r.path}`);
}
