import type * as alerting from '@grafana/grafana-foundation-sdk/alerting';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { ContactPointDefinition, JsonObject, PolicyDefinition, RuleGroupDefinition } from '../model/index.js';

/** Plain JSON of what a builder builds: definitions hold JSON, not builder output (which carries functions). */
function json(builder: cog.Builder<unknown>): JsonObject {
  return JSON.parse(JSON.stringify(builder.build())) as JsonObject;
}

/** A rule group definition written with the SDK's RuleGroupBuilder (the shape compileGrafanaRuleGroup returns). */
export function ruleGroupDefinition(source: string, group: cog.Builder<alerting.RuleGroup>): RuleGroupDefinition {
  return { source, group: json(group) };
}

/**
 * A contact point definition written with the SDK's ContactPointBuilder. `secretSettings` names the settings that
 * hold `$VAR` references, resolved from the environment only when pushing.
 */
export function contactPointDefinition(source: string, contactPoint: cog.Builder<alerting.ContactPoint>, secretSettings: readonly string[] = []): ContactPointDefinition {
  return { source, contactPoint: json(contactPoint), secretSettings: [...secretSettings] };
}

/** A route of the project's notification policy sub-route, written with the SDK's NotificationPolicyBuilder. */
export function policyDefinition(source: string, route: cog.Builder<alerting.NotificationPolicy>): PolicyDefinition {
  return { source, route: json(route) };
}
