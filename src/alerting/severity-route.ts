import { NotificationPolicyBuilder } from '@grafana/grafana-foundation-sdk/alerting';
import type { JsonObject, PolicyDefinition } from '../model/index.js';

export interface SeverityTiming {
  readonly severity: string;
  /** Contact point name for this severity. @default the route's receiver */
  readonly receiver?: string;
  readonly groupWait?: string;
  readonly groupInterval?: string;
  readonly repeatInterval?: string;
}

export interface SeverityRouteOptions {
  readonly source: string;
  /** Contact point name alerts of this project go to unless a severity names another. */
  readonly receiver: string;
  /** Labels every alert of the project carries: the one sub-route the project owns matches them (all must match). */
  readonly match: Readonly<Record<string, string>>;
  readonly groupBy: readonly string[];
  /** One child route per severity, in matching order. */
  readonly severities: readonly SeverityTiming[];
}

/**
 * The project's own sub-route in the org's notification policy tree: matches the project's alerts by label, then
 * routes by `severity`. Provision merges this route into the live tree and leaves routes others own alone.
 */
export function severityRoute(options: SeverityRouteOptions): PolicyDefinition {
  const matchers = Object.keys(options.match)
    .sort()
    .map((name) => [name, '=', options.match[name]]);
  const route = new NotificationPolicyBuilder()
    .receiver(options.receiver)
    .objectMatchers(matchers)
    .groupBy([...options.groupBy])
    .routes(
      options.severities.map((timing) => {
        const child = new NotificationPolicyBuilder()
          .receiver(timing.receiver ?? options.receiver)
          .objectMatchers([['severity', '=', timing.severity]]);
        if (timing.groupWait) child.groupWait(timing.groupWait);
        if (timing.groupInterval) child.groupInterval(timing.groupInterval);
        if (timing.repeatInterval) child.repeatInterval(timing.repeatInterval);
        return child;
      }),
    )
    .build();
  return { source: options.source, route: JSON.parse(JSON.stringify(route)) as JsonObject };
}
