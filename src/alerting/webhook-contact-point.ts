import { ContactPointBuilder } from '@grafana/grafana-foundation-sdk/alerting';
import { definitionError } from '../definitions/definition-error.js';
import type { ContactPointDefinition, JsonObject } from '../model/index.js';

export interface WebhookContactPointOptions {
  readonly source: string;
  readonly uid: string;
  readonly name: string;
  /**
   * Environment variable holding the webhook URL. Artifacts carry `$NAME` (Grafana interpolates it when it reads
   * provisioning files; provision resolves it from the environment when pushing by API), never the URL itself.
   */
  readonly urlEnvVar: string;
  /** @default 'POST' */
  readonly httpMethod?: 'POST' | 'PUT';
  /** @default false */
  readonly disableResolveMessage?: boolean;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A webhook contact point whose URL is a secret taken from the environment. */
export function webhookContactPoint(options: WebhookContactPointOptions): ContactPointDefinition {
  if (!ENV_NAME.test(options.urlEnvVar)) {
    // Never echo the value: what was written here is most likely the webhook URL itself, a secret.
    throw definitionError(
      [options.source, `contact point "${options.name}"`],
      `urlEnvVar must be the NAME of an environment variable (letters, digits, _), not its value (${options.urlEnvVar.length} characters given)`,
      'Write e.g. urlEnvVar: \'ALERT_WEBHOOK_URL\' and export the URL in that variable where Grafana (or provision) runs.',
    );
  }
  const built = new ContactPointBuilder()
    .uid(options.uid)
    .name(options.name)
    .type('webhook')
    .settings({ url: `$${options.urlEnvVar}`, httpMethod: options.httpMethod ?? 'POST' })
    .disableResolveMessage(options.disableResolveMessage ?? false)
    .build();
  return { source: options.source, contactPoint: JSON.parse(JSON.stringify(built)) as JsonObject, secretSettings: ['url'] };
}
