import { envReference } from '../../kinds/contact-point.js';
import { literalSecretIn } from '../../validate/literal-secrets.js';

/**
 * The integration settings Grafana stores encrypted and returns as `[REDACTED]` (the options marked `Secure: true`
 * in grafana/grafana pkg/services/ngalert/notifier/channels_config/available_channels.go `GetAvailableNotifiers`).
 * Added: the `url` of integrations whose URL is itself the credential (a generic webhook, as the webhookContactPoint
 * helper treats it; Teams, Google Chat, DingDing and VictorOps incoming-webhook URLs carry their key). Only top-level
 * settings: nested secure fields of newer versions (a webhook's `hmacConfig.secret`, `tlsConfig`) are
 * found by the value checks below when they hold a literal secret shape.
 */
const SECURE_SETTINGS: Readonly<Record<string, readonly string[]>> = {
  kafka: ['password'],
  pagerduty: ['integrationKey'],
  oncall: ['password', 'authorization_credentials'],
  pushover: ['apiToken', 'userKey'],
  slack: ['token', 'url'],
  sensugo: ['apikey'],
  telegram: ['bottoken'],
  webhook: ['password', 'authorization_credentials', 'url'],
  teams: ['url'],
  googlechat: ['url'],
  dingding: ['url'],
  victorops: ['url'],
  wecom: ['url', 'secret'],
  'prometheus-alertmanager': ['basicAuthPassword'],
  discord: ['url'],
  line: ['token'],
  LINE: ['token'],
  threema: ['api_secret'],
  opsgenie: ['apiKey'],
  webex: ['bot_token'],
};

const REDACTED = '[REDACTED]';

/**
 * The settings of one integration that must not be written: Grafana's secure ones, any value Grafana redacted, any
 * value that is already an environment reference (kept as that reference), and any string that has the shape of a
 * literal secret (src/validate/literal-secrets.ts, which `check` would reject anyway). Sorted, for stable output.
 */
export function secretSettingKeys(type: string, settings: Readonly<Record<string, unknown>>): string[] {
  const secure = new Set(SECURE_SETTINGS[type] ?? []);
  return Object.keys(settings)
    .filter((key) => {
      const value = settings[key];
      if (value === undefined || value === null || value === '') return false;
      if (secure.has(key)) return true;
      if (typeof value !== 'string') return false;
      return value === REDACTED || envReference(value) !== undefined || literalSecretIn(value) !== undefined;
    })
    .sort();
}
