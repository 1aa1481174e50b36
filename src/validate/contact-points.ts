import type { JsonValue, ProjectDefinition } from '../model/index.js';
import { uidProblem } from './grafana-uid.js';
import { arrayAt, isObject, objectAt, stringAt } from './json.js';
import { finding, place, type Finding, type Place } from './place.js';
import type { LintRuleId } from './rules-catalog.js';
import { where } from './where.js';

/** Grafana's file provisioning interpolates `$VAR` / `${VAR}` from its environment (grafana-http-api.md 12.2). */
const ENV_REFERENCE = /^\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})$/;

/**
 * Contact point rules: uid valid and unique, a name and a type, and every secret setting an environment reference
 * (rule `contact-point-secret`). Messages never repeat a setting's value: it may be the secret itself.
 */
export function checkContactPoints(project: ProjectDefinition): Finding[] {
  const issues: Finding[] = [];
  const uids = new Set<string>();
  for (const { source, contactPoint, secretSettings } of (project.contactPoints ?? [])) {
    const name = stringAt(contactPoint.name);
    const at = place.of(source, where.contactPoint(name, stringAt(contactPoint.uid)));
    const add = (rule: LintRuleId, message: string): void => {
      issues.push(finding(at, rule, message));
    };
    const uidIssue = uidProblem(contactPoint.uid);
    if (uidIssue) add('contact-point-uid', uidIssue);
    else if (uids.has(contactPoint.uid as string)) add('contact-point-uid', `uid "${contactPoint.uid as string}" is used by another contact point`);
    else uids.add(contactPoint.uid as string);
    if (!name?.trim()) add('contact-point-name', 'has no name');
    if (!stringAt(contactPoint.type)?.trim()) add('contact-point-type', 'has no type (e.g. "webhook")');
    const settings = objectAt(contactPoint.settings) ?? {};
    for (const key of secretSettings) {
      const value: JsonValue | undefined = settings[key];
      if (value === undefined) add('contact-point-secret', `secret setting "${key}" is missing: set it to an environment reference such as $WEBHOOK_URL`);
      else if (typeof value !== 'string' || !ENV_REFERENCE.test(value)) {
        add('contact-point-secret', `secret setting "${key}" holds a literal value: write it as an environment reference ($VAR) so the secret never lands in artifacts`);
      }
    }
  }
  return issues;
}

/** Policy rules: every receiver in the project's route tree is one of its contact points (`policy-receiver`). */
export function checkPolicies(project: ProjectDefinition): Finding[] {
  const receivers = new Set((project.contactPoints ?? []).map((c) => stringAt(c.contactPoint.name)).filter((n) => n !== undefined));
  const issues: Finding[] = [];
  for (const { source, route } of (project.policies ?? [])) {
    const visit = (node: JsonValue, parent: Place): void => {
      if (!isObject(node)) return;
      const receiver = stringAt(node.receiver);
      const at = place.within(parent, where.policy(receiver));
      if (receiver !== undefined && !receivers.has(receiver)) {
        issues.push(finding(at, 'policy-receiver', `receiver "${receiver}" is not one of the project's contact points`));
      }
      for (const child of arrayAt(node.routes)) visit(child, at);
    };
    visit(route, place.of(source));
  }
  return issues;
}
