import type { JsonObject, JsonValue, ProjectDefinition } from '../model/index.js';
import { arrayAt, isObject, objectAt, stringAt } from './json.js';
import { finding, place, type Finding, type Place } from './place.js';
import { panelAtPath, walkPanels } from './walk-panels.js';
import { where } from './where.js';

/**
 * The common shapes of a literal secret, looked for in every string of every definition (rule `literal-secret`):
 * whatever a definition holds lands in provisioning/ and in git. Each shape says what it is in words; the message
 * names that and where it is, never the text (masked to the shape's public prefix).
 */
interface SecretShape {
  readonly what: string;
  readonly pattern: RegExp;
  /** What may be shown of a match: its shape's fixed prefix, never the secret part. */
  readonly shown: string;
}

const secretShapes: readonly SecretShape[] = [
  { what: 'a Grafana service-account token', pattern: /\bglsa_[A-Za-z0-9]{8,}(?:_[A-Fa-f0-9]{4,})?/, shown: 'glsa_***' },
  { what: 'a Grafana Cloud access-policy token', pattern: /\bglc_[A-Za-z0-9+/=_-]{20,}/, shown: 'glc_***' },
  // A legacy Grafana API key is base64 of {"k":"...","n":...,"id":...}.
  { what: 'a Grafana API key', pattern: /\beyJrIjoi[A-Za-z0-9+/=]{16,}/, shown: 'eyJrIjoi***' },
  { what: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, shown: 'eyJ***' },
  // user:password@ in any URL; a password that is an environment reference ($VAR) is no literal.
  { what: 'credentials in a URL', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"$]+:(?!\$)[^\s/@'"]+@/i, shown: 'scheme://***:***@' },
  { what: 'an Authorization header value', pattern: /\b(?:Bearer|Basic|token)\s+(?!\$)[A-Za-z0-9._~+/-]{16,}=*/, shown: 'Bearer ***' },
  { what: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, shown: 'AKIA***' },
  { what: 'an AWS secret access key', pattern: /\baws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+=]{40}/i, shown: 'aws_secret_access_key=***' },
  {
    what: 'an API key or token assignment',
    pattern: /\b(?:api[_-]?key|apikey|access[_-]?token|auth[_-]?token|client[_-]?secret|secret[_-]?key)["']?\s*[=:]\s*["']?(?!\$)[A-Za-z0-9_\-+/.=]{12,}/i,
    shown: 'api_key=***',
  },
  { what: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/, shown: 'xox*-***' },
  { what: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/, shown: 'ghp_***' },
  { what: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, shown: '-----BEGIN PRIVATE KEY-----' },
];

/** The first secret shape `text` has, if any. */
export function literalSecretIn(text: string): SecretShape | undefined {
  return secretShapes.find((shape) => shape.pattern.test(text));
}

/** Every string leaf of `value` with its JSON path (`panels/3/description`). */
function* strings(value: JsonValue | undefined, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, `${path}/${i}`);
  else if (isObject(value)) for (const [key, item] of Object.entries(value)) yield* strings(item, path === '' ? key : `${path}/${key}`);
}

function message(shape: SecretShape, path: string): string {
  return `${path || 'a value'} holds what looks like ${shape.what} (${shape.shown}): it would land in provisioning/ and git; ` +
    'keep it in the environment (e.g. a $VAR reference where Grafana interpolates one)';
}

function check(issues: Finding[], at: (path: string) => Place, value: JsonValue | undefined): void {
  for (const [path, text] of strings(value, '')) {
    const shape = literalSecretIn(text);
    if (shape) issues.push(finding(at(path), 'literal-secret', message(shape, path)));
  }
}

/** Fields checked above, or that hold no definitions. */
const BUILT_IN_FIELDS = new Set(['name', 'folders', 'datasources', 'dashboards', 'ruleGroups', 'contactPoints', 'policies', 'knownMetrics', 'runbooksFile']);

/** `literal-secret` over dashboards (placed at their panel and query), rule groups (at their rule), datasources, folders, contact points, policies and the lists of a project's own kinds. */
export function checkLiteralSecrets(project: ProjectDefinition): Finding[] {
  const issues: Finding[] = [];
  for (const folder of project.folders ?? []) check(issues, () => place.of(where.folder(folder.uid)), folder as unknown as JsonObject);
  for (const datasource of project.datasources ?? []) check(issues, () => place.of(where.datasource(datasource.uid)), datasource as unknown as JsonObject);
  for (const { source, dashboard } of project.dashboards ?? []) {
    const base = place.dashboard(source, dashboard);
    const panels = walkPanels(dashboard);
    check(issues, (path) => {
      const entry = panelAtPath(panels, `/${path}`);
      if (!entry) return base;
      const at = place.panel(base, entry);
      const query = new RegExp(`^${entry.pointer.slice(1)}/targets/(\\d+)(?:/|$)`).exec(path);
      if (!query) return at;
      const index = Number(query[1]);
      return place.query(at, stringAt(objectAt(arrayAt(entry.panel.targets)[index])?.refId), index);
    }, dashboard);
  }
  for (const { source, group } of project.ruleGroups ?? []) {
    const base = place.of(source, where.ruleGroup(stringAt(group.title)));
    const rules = arrayAt(group.rules);
    check(issues, (path) => {
      const [, index, query] = /^rules\/(\d+)(?:\/data\/(\d+))?(?:\/|$)/.exec(path) ?? [];
      const rule = index === undefined ? undefined : objectAt(rules[Number(index)]);
      if (!rule) return base;
      const at = place.rule(base, rule, Number(index));
      return query === undefined ? at : place.query(at, stringAt(objectAt(arrayAt(rule.data)[Number(query)])?.refId), Number(query));
    }, group);
  }
  for (const { source, contactPoint, secretSettings } of project.contactPoints ?? []) {
    const at = place.of(source, where.contactPoint(stringAt(contactPoint.name), stringAt(contactPoint.uid)));
    // Its secret settings have their own rule (contact-point-secret); every other field is checked here.
    const settings = objectAt(contactPoint.settings) ?? {};
    check(issues, () => at, { ...contactPoint, settings: Object.fromEntries(Object.entries(settings).filter(([key]) => !secretSettings.includes(key))) });
  }
  for (const { source, route } of project.policies ?? []) check(issues, () => place.of(source), route);
  // The lists of a project's own kinds (registered with extendRegistry): every string in them too.
  for (const [field, value] of Object.entries(project)) {
    if (BUILT_IN_FIELDS.has(field) || !Array.isArray(value)) continue;
    value.forEach((entry, i) => check(issues, () => place.of(`${field}[${i}]`), entry as JsonValue));
  }
  return issues;
}
