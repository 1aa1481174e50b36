// Contact points and notification policies: grafana-http-api.md §7 (and §6.4 for notification provenance).
import { asObject, type HandlerContext, type Route } from '../context.js';
import { errutil, messageWithTrace, ok, type Reply } from '../reply.js';
import { defaultPolicy, type ContactPointRecord, type PolicyRoute } from '../state.js';
import { requestProvenance } from './alert-rules.js';
import { muteTimingNames, unknownMuteTiming } from './alertmanager-objects.js';

/**
 * Secure settings per integration type, returned as "[REDACTED]" (§7.1; ngalert ContactPointService.decryptValueOrRedacted
 * returns definitions.RedactedValue unless decrypt; slack `url` is secure per its tests). The full per-type list is UNVERIFIED.
 */
export const secureSettings: Readonly<Record<string, readonly string[]>> = {
  slack: ['url', 'token'],
  webhook: ['password', 'authorization_credentials'],
  discord: ['url'],
  teams: ['url'],
  googlechat: ['url'],
  pagerduty: ['integrationKey'],
  opsgenie: ['apiKey'],
  telegram: ['bottoken'],
  email: [],
};
/** Settings each type needs; a missing one gives 400 "invalid object specification" (details UNVERIFIED). */
const requiredSettings: Readonly<Record<string, readonly string[]>> = {
  email: ['addresses'], webhook: ['url'], slack: [], discord: ['url'], teams: ['url'], googlechat: ['url'],
  pagerduty: ['integrationKey'], opsgenie: ['apiKey'], telegram: ['bottoken', 'chatid'],
};

function contactPointDto(cp: ContactPointRecord): Record<string, unknown> {
  const settings = { ...cp.settings };
  for (const key of secureSettings[cp.type] ?? []) if (key in settings) settings[key] = '[REDACTED]';
  return {
    uid: cp.uid, name: cp.name, type: cp.type, settings, disableResolveMessage: cp.disableResolveMessage,
    ...(cp.provenance ? { provenance: cp.provenance } : {}),
  };
}

const invalidSpec = (detail: string): Reply => messageWithTrace(400, `invalid object specification: ${detail}`);

/** §6.4 ValidateProvenanceRelaxed: from none anything goes; to none from non-none is refused (403). */
function relaxedProvenanceError(from: string, to: string): Reply | undefined {
  if (from === '' || to !== '') return undefined;
  return errutil(
    403,
    'alerting.notifications.invalidProvenance',
    `Resource with provenance status '${from}' cannot be changed to '${to}'. You must use appropriate API and permissions to manage this resource`,
  );
}

function parseContactPoint(body: Record<string, unknown>): Reply | { name: string; type: string; settings: Record<string, unknown>; disableResolveMessage: boolean } {
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  const type = typeof body.type === 'string' ? body.type : '';
  const settings = asObject(body.settings);
  if (name === '') return invalidSpec('name must not be empty');
  if (!(type in requiredSettings)) return invalidSpec(`notifier type '${type}' is not supported`);
  if (!settings) return invalidSpec('settings must be specified');
  for (const key of requiredSettings[type]) {
    if (settings[key] === undefined || settings[key] === '') return invalidSpec(`failed to validate integration "${name}" (UID ) of type "${type}": could not find ${key} property in settings`);
  }
  if (type === 'slack' && !settings.url && !settings.token) return invalidSpec(`failed to validate integration "${name}" (UID ) of type "slack": token must be specified when using the Slack chat API`);
  return { name, type, settings: structuredClone(settings), disableResolveMessage: body.disableResolveMessage === true };
}

/**
 * §14.2: contact points, policies, mute timings and templates live in one alertmanager configuration, fetched, changed
 * and saved with a hash check (`FetchedConfigurationHash`): a save whose fetched hash is no longer current fails,
 * `ErrVersionConflict` = 409 `alerting.notifications.conflict` in 13.x, 500 in 12.x (its handlers map it to 500,
 * §14.3). The fetch-to-save time is emulated so that two overlapping writes do conflict.
 */
export async function savingAmConfig(ctx: HandlerContext, write: () => Reply): Promise<Reply> {
  if (!ctx.strict.amConfigHashCheck) return write();
  const fetched = ctx.org.amConfigHash;
  await new Promise((resolve) => setTimeout(resolve, AM_SAVE_MS));
  if (ctx.org.amConfigHash !== fetched) {
    return ctx.strict.contactPointErrors500
      ? messageWithTrace(500, 'failed to save alertmanager configuration: configuration has been changed by another request')
      : errutil(409, 'alerting.notifications.conflict', 'The alertmanager configuration was changed by another request. Please retry.');
  }
  const reply = write();
  if (reply.status < 400) ctx.org.amConfigHash += 1;
  return reply;
}

/**
 * Fetch, change and save of the alertmanager configuration, as long as a store round trip takes. 3 ms let two writes
 * sent together miss each other on a loaded machine (strict.test.ts §14.2 failed about 1 run in 8); 10 ms does not.
 */
const AM_SAVE_MS = 10;

function receiverNames(route: PolicyRoute, out = new Set<string>()): Set<string> {
  if (route.receiver) out.add(route.receiver);
  for (const r of route.routes ?? []) receiverNames(r, out);
  return out;
}

export const notificationRoutes: Route[] = [
  {
    method: 'GET', pattern: '/api/v1/provisioning/contact-points', permission: 'alert.provisioning:read',
    handle(ctx) {
      const name = ctx.query.get('name');
      return ok([...ctx.org.contactPoints.values()].filter((c) => name === null || c.name === name).map(contactPointDto));
    },
  },
  {
    method: 'POST', pattern: '/api/v1/provisioning/contact-points', permission: 'alert.provisioning:write',
    handle(ctx) {
      const body = asObject(ctx.body);
      if (ctx.badJson || !body) return messageWithTrace(400, 'bad request data');
      const parsed = parseContactPoint(body);
      if ('status' in parsed) return parsed;
      const uid = typeof body.uid === 'string' && body.uid !== '' ? body.uid : ctx.ids.uid();
      return savingAmConfig(ctx, () => {
        // §14.3: the duplicate uid is errutil.Conflict(uidInUse): 12.x's RoutePostContactPoint turns every error but
        // ErrValidation into 500; 13.x answers the conflict (409); older, a 400 is emulated (UNVERIFIED).
        if (ctx.org.contactPoints.has(uid)) {
          const text = `a contact point with uid '${uid}' already exists`;
          if (ctx.strict.contactPointErrors500) return messageWithTrace(500, text);
          if (ctx.strict.amConfigHashCheck) return errutil(409, 'alerting.notifications.contact-points.uidInUse', text);
          return invalidSpec(text);
        }
        const cp: ContactPointRecord = { uid, ...parsed, provenance: requestProvenance(ctx) };
        ctx.org.contactPoints.set(uid, cp);
        return ok(contactPointDto(cp), 202);
      });
    },
  },
  {
    method: 'PUT', pattern: '/api/v1/provisioning/contact-points/:uid', permission: 'alert.provisioning:write',
    handle(ctx) {
      const body = asObject(ctx.body);
      if (ctx.badJson || !body) return messageWithTrace(400, 'bad request data');
      const existing = ctx.org.contactPoints.get(ctx.params.uid);
      if (!existing) return messageWithTrace(404, 'object not found'); // prefix UNVERIFIED (§7.1)
      const parsed = parseContactPoint(body);
      if ('status' in parsed) return parsed;
      const provided = requestProvenance(ctx);
      const refused = relaxedProvenanceError(existing.provenance, provided);
      if (refused) return refused;
      return savingAmConfig(ctx, () => {
        // A "[REDACTED]" secret sent back keeps the stored value (what the UI and exports round-trip).
        for (const [k, v] of Object.entries(parsed.settings)) if (v === '[REDACTED]' && k in existing.settings) parsed.settings[k] = existing.settings[k];
        const oldName = existing.name;
        Object.assign(existing, parsed, { provenance: provided });
        if (oldName !== parsed.name) renameReceiver(ctx.org.policy, oldName, parsed.name);
        return ok({ message: 'contactpoint updated' }, 202);
      });
    },
  },
  {
    method: 'DELETE', pattern: '/api/v1/provisioning/contact-points/:uid', permission: 'alert.provisioning:write',
    handle(ctx) {
      const existing = ctx.org.contactPoints.get(ctx.params.uid);
      if (!existing) return ok({ message: 'contactpoint deleted' }, 202);
      const sameName = [...ctx.org.contactPoints.values()].filter((c) => c.name === existing.name);
      if (sameName.length === 1 && receiverNames(ctx.org.policy).has(existing.name)) {
        return errutil(409, 'alerting.notifications.contact-points.referenced', 'Contact point is currently referenced by a notification policy.');
      }
      const usedByRule = [...ctx.org.rules.values()].some((r) => r.notification_settings?.receiver === existing.name);
      if (sameName.length === 1 && usedByRule) {
        return errutil(409, 'alerting.notifications.contact-points.used-by-rule', 'Contact point is currently used in the notification settings of one or many alert rules.');
      }
      // §14.11: 12.x passes no provenance to the delete, so it checks none.
      const refused = ctx.strict.contactPointDeleteIgnoresProvenance ? undefined : relaxedProvenanceError(existing.provenance, requestProvenance(ctx));
      if (refused) return refused;
      return savingAmConfig(ctx, () => {
        ctx.org.contactPoints.delete(existing.uid);
        return ok({ message: 'contactpoint deleted' }, 202);
      });
    },
  },
  {
    method: 'GET', pattern: '/api/v1/provisioning/policies', permission: 'alert.provisioning:read',
    handle: (ctx) => ok(structuredClone(ctx.org.policy)),
  },
  {
    method: 'PUT', pattern: '/api/v1/provisioning/policies', permission: 'alert.provisioning:write',
    handle(ctx) {
      const body = asObject(ctx.body) as PolicyRoute | undefined;
      if (ctx.badJson || !body) return messageWithTrace(400, 'bad request data');
      const known = new Set([...ctx.org.contactPoints.values()].map((c) => c.name));
      if (!body.receiver) return invalidSpec('root route must specify a default receiver');
      for (const name of receiverNames(body)) if (!known.has(name)) return invalidSpec(`receiver '${name}' does not exist`);
      const muteTiming = unknownMuteTiming(body, muteTimingNames(ctx.org)); // Route.ValidateMuteTimes
      if (muteTiming) return invalidSpec(`mute time interval '${muteTiming}' does not exist`);
      const provided = requestProvenance(ctx);
      const refused = relaxedProvenanceError(ctx.org.policy.provenance ?? '', provided);
      if (refused) return refused;
      const tree = structuredClone(body);
      delete tree.provenance;
      return savingAmConfig(ctx, () => {
        ctx.org.policy = { ...tree, ...(provided ? { provenance: provided } : {}) };
        return ok({ message: 'policies updated' }, 202);
      });
    },
  },
  {
    method: 'DELETE', pattern: '/api/v1/provisioning/policies', permission: 'alert.provisioning:write',
    handle(ctx) {
      return savingAmConfig(ctx, () => {
        ctx.org.policy = defaultPolicy();
        return ok(structuredClone(ctx.org.policy), 202);
      });
    },
  },
];

function renameReceiver(route: PolicyRoute, from: string, to: string): void {
  if (route.receiver === from) route.receiver = to;
  for (const r of route.routes ?? []) renameReceiver(r, from, to);
}

