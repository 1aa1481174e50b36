import { DemoTargetUnreachableError, networkDetail } from '../errors.js';
import type { SimulationDriver, ScenarioStep } from './simulation-driver.js';
import type { SimulationEvent } from './simulation-event.js';

export interface DemoTargetDriverOptions {
  /** Base URL of the demo target, e.g. `http://127.0.0.1:9464`. */
  readonly url: string;
  /** @default 10000 */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** Drives the demo target through `POST /control/scenario`; the target keeps the open events, so `recover` ends them. */
export function demoTargetDriver(options: DemoTargetDriverOptions): SimulationDriver {
  const endpoint = new URL('control/scenario', options.url.endsWith('/') ? options.url : `${options.url}/`);
  return {
    name: 'demo-target',
    holdsLagTarget: true,
    async apply(step: ScenarioStep): Promise<SimulationEvent[]> {
      let response: Response;
      try {
        response = await (options.fetch ?? fetch)(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: step.scenario, lag: step.lag, memory: step.memory }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        throw new DemoTargetUnreachableError(options.url, networkDetail(error), { cause: error });
      }
      const body = (await response.json().catch(() => undefined)) as { events?: SimulationEvent[]; error?: string } | undefined;
      if (!response.ok || !Array.isArray(body?.events)) {
        throw new DemoTargetUnreachableError(options.url, `HTTP ${response.status}${body?.error ? `: ${body.error}` : ''}`);
      }
      return body.events;
    },
  };
}
