import { K2GrafanaError } from '../src/index.js';

/** Prometheus did not answer (down, wrong URL) or answered with an error. */
export class PrometheusUnreachableError extends K2GrafanaError {
  constructor(url: string, detail: string, options?: { cause?: unknown }) {
    super(
      'unreachable',
      `Prometheus at ${url} is unreachable: ${detail}`,
      'Start Prometheus (docker compose up -d prometheus) or point PROMETHEUS_URL at a running one.',
      options,
    );
  }
}

/** The demo target's control endpoint did not answer or refused the request. */
export class DemoTargetUnreachableError extends K2GrafanaError {
  constructor(url: string, detail: string, options?: { cause?: unknown }) {
    super(
      'unreachable',
      `the demo target at ${url} did not accept the scenario: ${detail}`,
      'Start it with `k2-grafana demo-target` (or `npm run demo-target`), or point --target / K2_DEMO_TARGET_URL at it.',
      options,
    );
  }
}

/** The docker CLI is missing or its daemon is not running. */
export class DockerUnavailableError extends K2GrafanaError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      'unreachable',
      `Docker is not available: ${detail}`,
      'Install Docker and start its daemon (`docker info` must work), or use --driver demo-target.',
      options,
    );
  }
}

/** A container the docker driver must pause does not exist. */
export class ContainerMissingError extends K2GrafanaError {
  readonly container: string;
  constructor(container: string, role: string, flag: string) {
    super(
      'usage',
      `no Docker container named "${container}" (the ${role} container)`,
      `Check \`docker ps -a\` and pass the right name with ${flag}.`,
    );
    this.container = container;
  }
}

/** The `prometheus` binary needed to start a local Prometheus is not installed. */
export class PrometheusBinaryMissingError extends K2GrafanaError {
  constructor(binary: string) {
    super(
      'unreachable',
      `the Prometheus binary "${binary}" was not found on PATH`,
      "Install Debian's package (apt-get install --no-install-recommends prometheus; .ci/run does this) or pass its path.",
    );
  }
}

/** The useful part of a fetch failure: the socket error code (ECONNREFUSED) or message, not "fetch failed". */
export function networkDetail(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') return 'no answer before the timeout';
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
