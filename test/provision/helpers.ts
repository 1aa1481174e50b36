import { createGrafanaClient, type GrafanaClient, type GrafanaClientOptions } from '../../src/grafana/index.js';
import { startEmulator, type Emulator, type EmulatorOptions, type EmulatorVersion } from '../emulator/emulator.js';

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

/** The transports a provision test runs over (issue 16 "Done when": the same tests on both paths). */
export type Transport = 'classic' | 'app-platform';

/** Grafana versions x transports: 12.3 and 13.1 serve both APIs from one store (the emulator's dual writer). */
export const transportMatrix: readonly (readonly [EmulatorVersion, Transport])[] = [
  ['12.3', 'classic'], ['12.3', 'app-platform'], ['13.1', 'classic'], ['13.1', 'app-platform'],
];

/** The write lines one transport sends for dashboards and folders, as writeLines() shows them. */
export function writesOf(version: EmulatorVersion, api: Transport) {
  const v = version === '13.1' ? 'v1' : 'v1beta1';
  const dashboards = `/apis/dashboard.grafana.app/${v}/namespaces/default/dashboards`;
  return api === 'classic'
    ? {
      dashboardUpdate: (_uid: string) => 'POST /api/dashboards/db',
      dashboardCreate: 'POST /api/dashboards/db',
      dashboardDelete: (uid: string) => `DELETE /api/dashboards/uid/${uid}`,
      folderDelete: (uid: string) => `DELETE /api/folders/${uid}`,
    }
    : {
      dashboardUpdate: (uid: string) => `PUT ${dashboards}/${uid}`,
      dashboardCreate: `POST ${dashboards}`,
      dashboardDelete: (uid: string) => `DELETE ${dashboards}/${uid}`,
      folderDelete: (uid: string) => `DELETE /apis/folder.grafana.app/${v}/namespaces/default/folders/${uid}`,
    };
}
