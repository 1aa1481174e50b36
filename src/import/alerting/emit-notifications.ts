import type { JsonObject, JsonValue } from '../../model/index.js';
import { isJsonObject } from '../../normalise/index.js';
import { CONTACT_POINT, POLICY } from './builder-table.js';
import { lit, methodCalls, type ModuleCode } from './code.js';

/** `contactPointDefinition(source, new ContactPointBuilder()...settings({...}), [secret keys])`. */
export function contactPointCode(code: ModuleCode, definitions: string, point: JsonObject, secretSettings: readonly string[], path: string): string {
  const { calls, rest } = methodCalls(code, CONTACT_POINT, point, ['settings']);
  const settings = isJsonObject(point.settings) ? point.settings : undefined;
  let chain = `new ${code.use(CONTACT_POINT.module, CONTACT_POINT.name)}()${calls}`;
  if (settings) chain += `.settings(${lit(settings)})`;
  const { settings: _s, ...fields } = rest;
  if (point.settings !== undefined && !settings) fields.settings = point.settings;
  const built = code.withFields(definitions, chain, fields, path, 'ContactPointBuilder has no method for');
  return `${code.use(definitions, 'contactPointDefinition')}(source, ${built}, ${lit(secretSettings)})`;
}

/** One route and its children with NotificationPolicyBuilder. */
export function routeCode(code: ModuleCode, definitions: string, route: JsonValue, path: string): string {
  if (!isJsonObject(route)) return code.rawObject(definitions, {}, path, 'a route that is not an object', { module: '@grafana/grafana-foundation-sdk/alerting', name: 'NotificationPolicy' });
  const { calls, rest } = methodCalls(code, POLICY, route, ['routes']);
  let chain = `new ${code.use(POLICY.module, POLICY.name)}()${calls}`;
  const fields = rest;
  const routes = route.routes;
  if (Array.isArray(routes)) chain += `.routes([${routes.map((child, i) => routeCode(code, definitions, child, `${path}.routes[${i}]`)).join(', ')}])`;
  else if (routes !== undefined) fields.routes = routes;
  return code.withFields(definitions, chain, fields, path, 'NotificationPolicyBuilder has no method for');
}
