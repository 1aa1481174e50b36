import { severityRoute, webhookContactPoint, type ContactPointDefinition, type PolicyDefinition } from '../../src/definitions/entry.js';
import { projectLabels } from './rules.js';

export const source = 'dashboards/alerting/notifications.ts';

/** The webhook K2 alerts go to; its URL comes from the environment and never appears in an artifact. */
export function k2ContactPoint(): ContactPointDefinition {
  return webhookContactPoint({ source, uid: 'k2-webhook', name: 'K2 webhook', urlEnvVar: 'K2_ALERT_WEBHOOK_URL' });
}

/** K2's one sub-route: its alerts by team label, critical ones re-sent sooner. */
export function k2Policy(): PolicyDefinition {
  return severityRoute({
    source,
    receiver: 'K2 webhook',
    match: projectLabels,
    groupBy: ['alertname', 'environment', 'service'],
    severities: [
      { severity: 'critical', groupWait: '0s', groupInterval: '1m', repeatInterval: '30m' },
      { severity: 'warning', groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' },
    ],
  });
}
