import axios from 'axios';
import { K2GrafanaError } from '../../src/index.js';
import type { FailureEventLike } from '../scenarios/failure-annotations.js';

export interface ScenarioResult {
  /** When the target applied the action, ms since the epoch (the first event's time, else when it answered). */
  readonly at: number;
  /** Failure events the action started or ended (each becomes one region annotation). */
  readonly events: readonly FailureEventLike[];
}

/** How the demo injects failures. The HTTP driver talks to the demo target's control endpoint. */
export interface ScenarioDriver {
  inject(request: { name: 'lag' | 'recover'; lag?: number }): Promise<ScenarioResult>;
}

/** The demo target refused or did not answer a scenario request. */
export class ScenarioRequestError extends K2GrafanaError {
  constructor(url: string, scenario: string, detail: string) {
    super(
      'unreachable',
      `demo target at ${url} did not apply scenario "${scenario}": ${detail}`,
      'Check that the demo target runs (npm run demo-target) and that its control endpoint accepts this client ' +
        '(inside docker compose it must be started with remote control allowed).',
    );
  }
}

/** POST /control/scenario on the demo target (k2/target/demo-target.ts). */
export function httpScenarioDriver(targetUrl: string, options: { now?: () => number } = {}): ScenarioDriver {
  const url = targetUrl.replace(/\/+$/, '');
  const http = axios.create({ timeout: 10_000, validateStatus: () => true });
  return {
    async inject(request) {
      let response;
      try {
        response = await http.post<{ events?: FailureEventLike[]; error?: string }>(`${url}/control/scenario`, request);
      } catch (error) {
        throw new ScenarioRequestError(url, request.name, (error as { code?: string }).code ?? (error as Error).message);
      }
      if (response.status !== 200) {
        throw new ScenarioRequestError(url, request.name, `HTTP ${response.status}${response.data?.error ? `: ${response.data.error}` : ''}`);
      }
      const events = response.data.events ?? [];
      return { at: events[0]?.at ?? (options.now ?? Date.now)(), events };
    },
  };
}
