import { ContactPointBuilder } from '@grafana/grafana-foundation-sdk/alerting';
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
    throw new RangeError(`contact point "${options.name}": urlEnvVar must be an environment variable name, got "${options.urlEnvVar}"`);
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
