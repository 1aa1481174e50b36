import {
  severityRoute, webhookContactPoint, type ContactPointDefinition, type MuteTimingDefinition, type NotificationTemplateDefinition,
  type PolicyDefinition,
} from '../../src/definitions/entry.js';
import type { Catalog } from '../catalog-type.js';
import * as k2 from '../catalog.js';
import { projectLabels } from './rules.js';

export const source = 'dashboards/alerting/notifications.ts';

/** The webhook K2 alerts go to; its URL comes from the environment and never appears in an artifact. Its message is K2's template. */
export function k2ContactPoint(catalog: Catalog = k2): ContactPointDefinition {
  const point = webhookContactPoint({ source, uid: 'k2-webhook', name: 'K2 webhook', urlEnvVar: 'K2_ALERT_WEBHOOK_URL' });
  const settings = { ...(point.contactPoint.settings as Record<string, string>), message: `{{ template "${catalog.alerting.messageTemplate}" . }}` };
  return { ...point, contactPoint: { ...point.contactPoint, settings } };
}

/** K2's one sub-route: its alerts by team label, critical ones re-sent sooner, muted during planned maintenance. */
export function k2Policy(catalog: Catalog = k2): PolicyDefinition {
  const policy = severityRoute({
    source,
    receiver: 'K2 webhook',
    match: projectLabels,
    groupBy: ['alertname', 'environment', 'service'],
    severities: [
      { severity: 'critical', groupWait: '0s', groupInterval: '1m', repeatInterval: '30m' },
      { severity: 'warning', groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' },
    ],
  });
  return { ...policy, route: { ...policy.route, mute_time_intervals: [catalog.alerting.maintenance.name] } };
}

/** The planned maintenance window, when K2's alerts are muted. */
export function k2MaintenanceWindow(catalog: Catalog = k2): MuteTimingDefinition {
  const m = catalog.alerting.maintenance;
  return {
    source,
    muteTiming: { name: m.name, time_intervals: [{ times: [{ start_time: m.startTime, end_time: m.endTime }], weekdays: [...m.weekdays], location: m.location }] },
  };
}

/**
 * K2's message: per alert its summary, the degradation level by the name the demo uses (the rules' reduced value
 * `B` is the level for the degradation rules), and the runbook link.
 */
export function k2MessageTemplate(catalog: Catalog = k2): NotificationTemplateDefinition {
  const name = catalog.alerting.messageTemplate;
  const levelName = catalog.levels.map((l, i) => `${i === 0 ? '{{ if' : '{{ else if'} eq $v "${l.value}" }}${l.name}`).join('') + '{{ else }}level {{ $v }}{{ end }}';
  const template = [
    `{{ define "${name}.level" }}{{ $v := printf "%.0f" . }}${levelName}{{ end }}`,
    `{{ define "${name}" }}{{ range .Alerts }}[{{ .Status | toUpper }}] {{ .Annotations.summary }}`,
    `{{ if match "(?i)degradation" .Labels.alertname }}{{ with .Values.B }}Level: {{ template "${name}.level" . }}`,
    `{{ end }}{{ end }}Runbook: {{ .Annotations.runbook_url }}`,
    '{{ end }}{{ end }}',
  ].join('\n');
  return { source, template: { name, template } };
}
