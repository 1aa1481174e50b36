// Mute timings and notification templates: docs/grafana.md "Mute timings" and "Notification templates", read from
// Grafana's pkg/services/ngalert/api/api_provisioning.go (RouteGetMuteTimings, RoutePostMuteTiming,
// RoutePutMuteTiming, RouteDeleteMuteTiming, RouteGetTemplates, RoutePutTemplate, RouteDeleteTemplate), the services
// pkg/services/ngalert/provisioning/mute_timings.go and templates.go, and the errors in provisioning/errors.go.
import { asObject, type Route } from '../context.js';
import { errutil, messageWithTrace, ok, empty, type Reply } from '../reply.js';
import type { OrgState, PolicyRoute } from '../state.js';
import { requestProvenance } from './alert-rules.js';

export interface MuteTimingRecord {
  name: string;
  time_intervals: Record<string, unknown>[];
  provenance: string;
  version: number;
}

export interface TemplateRecord {
  name: string;
  template: string;
  provenance: string;
}

/** Both live in the org's alertmanager configuration; kept beside OrgState so the shared store stays as it is. */
const stores = new WeakMap<OrgState, { muteTimings: Map<string, MuteTimingRecord>; templates: Map<string, TemplateRecord> }>();
export function alertmanagerObjects(org: OrgState) {
  let s = stores.get(org);
  if (!s) stores.set(org, (s = { muteTimings: new Map(), templates: new Map() }));
  return s;
}

/** Names of the org's mute timings: the policy PUT refuses a tree naming another (Route.ValidateMuteTimes). */
export const muteTimingNames = (org: OrgState): Set<string> => new Set(alertmanagerObjects(org).muteTimings.keys());

/** Route.ValidateMuteTimes: the first `mute_time_intervals` entry of the tree that names no mute timing. */
export function unknownMuteTiming(route: PolicyRoute, known: ReadonlySet<string>): string | undefined {
  for (const name of route.mute_time_intervals ?? []) if (!known.has(name)) return name;
  for (const child of route.routes ?? []) {
    const found = unknownMuteTiming(child, known);
    if (found) return found;
  }
  return undefined;
}

const usesMuteTiming = (route: PolicyRoute, name: string): boolean =>
  (route.mute_time_intervals ?? []).includes(name) || (route.routes ?? []).some((r) => usesMuteTiming(r, name));

// --- alertmanager timeinterval, as Grafana's MuteTimeInterval.Validate runs it (YAML round trip) ---------------------

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

class Invalid extends Error {}

function bounds(text: string, member: (s: string) => number): [number, number] {
  const parts = text.toLowerCase().split(':');
  if (parts.length > 2) throw new Invalid(`couldn't parse range ${text.toLowerCase()}, invalid format`);
  const values = parts.map(member);
  return [values[0]!, values[values.length - 1]!];
}
const atoi = (s: string): number => {
  if (!/^[+-]?\d+$/.test(s)) throw new Invalid(`strconv.Atoi: parsing "${s}": invalid syntax`);
  return Number(s);
};
const minutes = (s: string): number => {
  if (!/^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$)/.test(s)) throw new Invalid(`couldn't parse timestamp ${s}, invalid format`);
  return Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
};
const fmt = (a: string | number, b: string | number): string => (a === b ? String(a) : `${a}:${b}`);
const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** One interval as Grafana stores it after the round trip (MarshalYAML), or Invalid with alertmanager's message. */
function storedInterval(raw: unknown): Record<string, unknown> {
  const interval = asObject(raw) ?? {};
  const out: Record<string, unknown> = {};
  const list = (key: string): string[] => (Array.isArray(interval[key]) ? (interval[key] as unknown[]).map(String) : []);
  const times = Array.isArray(interval.times) ? interval.times.map((t) => {
    const tr = asObject(t) ?? {};
    if (!tr.start_time || !tr.end_time) throw new Invalid('both start and end times must be provided');
    const [s, e] = [minutes(String(tr.start_time)), minutes(String(tr.end_time))];
    if (s >= e) throw new Invalid('start time cannot be equal or greater than end time');
    return { start_time: hhmm(s), end_time: hhmm(e) };
  }) : [];
  const weekdays = list('weekdays').map((w) => {
    const [b, e] = bounds(w, (d) => {
      const n = DAYS.indexOf(d);
      if (n < 0) throw new Invalid(`${d} is not a valid weekday`);
      return n;
    });
    if (b > e) throw new Invalid('start day cannot be before end day');
    return fmt(DAYS[b]!, DAYS[e]!);
  });
  const days = list('days_of_month').map((d) => {
    const [b, e] = bounds(d, atoi);
    for (const n of [b, e]) if (n === 0 || n < -31 || n > 31) throw new Invalid(`${n} is not a valid day of the month: out of range`);
    if (b < 0 && e > 0) throw new Invalid('end day must be negative if start day is negative');
    if ((b < 0 ? 28 + b : b) > (e < 0 ? 28 + e : e)) throw new Invalid(`end day ${e} is always before start day ${b}`);
    return fmt(b, e);
  });
  const months = list('months').map((m) => {
    const [b, e] = bounds(m, (s) => {
      const n = MONTH_NAMES.indexOf(s);
      if (n >= 0) return n + 1;
      if (!/^\d+$/.test(s)) throw new Invalid(`${s} is not a valid month`);
      return Number(s);
    });
    if (b > e) throw new Invalid(`end month ${MONTH_NAMES[e - 1]} is before start month ${MONTH_NAMES[b - 1]}`);
    return fmt(b, e);
  });
  const years = list('years').map((y) => {
    const [b, e] = bounds(y, atoi);
    if (b > e) throw new Invalid(`end year ${e} is before start year ${b}`);
    return fmt(b, e);
  });
  for (const [key, value] of [['times', times], ['weekdays', weekdays], ['days_of_month', days], ['months', months], ['years', years]] as const) {
    if (value.length > 0) out[key] = value;
  }
  if (typeof interval.location === 'string' && interval.location !== '') out.location = interval.location;
  return out;
}

/** ErrTimeIntervalInvalid (MakeErrTimeIntervalInvalid): the public message carries no detail. */
const invalidInterval = (): Reply =>
  errutil(400, 'alerting.notifications.time-intervals.invalidFormat', 'Time interval is in invalid format. Correct the payload and try again.');

function parseMuteTiming(body: Record<string, unknown>): Reply | { name: string; time_intervals: Record<string, unknown>[] } {
  const name = typeof body.name === 'string' ? body.name : '';
  // MuteTimeInterval.Validate -> config.MuteTimeInterval UnmarshalYAML: "missing name in mute time interval".
  if (name === '') return invalidInterval();
  try {
    const intervals = Array.isArray(body.time_intervals) ? body.time_intervals.map(storedInterval) : [];
    return { name, time_intervals: intervals };
  } catch (error) {
    if (error instanceof Invalid) return invalidInterval();
    throw error;
  }
}

const muteTimingDto = (m: MuteTimingRecord) => ({ name: m.name, time_intervals: structuredClone(m.time_intervals), version: String(m.version), provenance: m.provenance });

/** ErrTimeIntervalNotFound: errutil.NotFound with no public message (errutil's default for 404 is "Not found"). */
const timingNotFound = (): Reply => errutil(404, 'alerting.notifications.time-intervals.notFound', 'Not found');

// --- notification templates: NotificationTemplate.Validate ----------------------------------------------------------

function wrapTemplate(name: string, template: string): string {
  const content = template.trim();
  if (/\{\{\s*define/.test(content)) return content;
  return `{{ define "${name}" }}\n${content.split('\n').map((l) => `  ${l}`).join('\n')}\n{{ end }}`;
}

/** The parse errors the emulator reproduces: an unclosed action and an unclosed block (Go's "unexpected EOF"). */
function templateParseError(name: string, content: string): string | undefined {
  let depth = 0;
  const re = /\{\{-?\s*(\/\*[\s\S]*?\*\/|[^}]*?)\s*-?\}\}/g;
  const stripped = content.replace(re, (_all, inner: string) => {
    const word = /^[a-z]+/.exec(inner)?.[0];
    if (word && ['define', 'if', 'range', 'with', 'block'].includes(word)) depth++;
    if (word === 'end') depth--;
    return '';
  });
  const line = content.split('\n').length;
  if (stripped.includes('{{')) return `template: ${name}:${line}: unclosed action`;
  if (depth > 0) return `template: ${name}:${line}: unexpected EOF`;
  if (depth < 0) return `template: ${name}:${line}: unexpected {{end}}`;
  return undefined;
}

export const alertmanagerObjectRoutes: Route[] = [
  {
    method: 'GET', pattern: '/api/v1/provisioning/mute-timings', permission: 'alert.provisioning:read',
    handle: (ctx) => ok([...alertmanagerObjects(ctx.org).muteTimings.values()].map(muteTimingDto)),
  },
  {
    method: 'GET', pattern: '/api/v1/provisioning/mute-timings/:name', permission: 'alert.provisioning:read',
    handle(ctx) {
      const found = alertmanagerObjects(ctx.org).muteTimings.get(ctx.params.name);
      return found ? ok(muteTimingDto(found)) : timingNotFound();
    },
  },
  {
    // RoutePostMuteTiming -> CreateMuteTiming: validate, refuse a taken name, 201 with the created object.
    method: 'POST', pattern: '/api/v1/provisioning/mute-timings', permission: 'alert.provisioning:write',
    handle(ctx) {
      const body = asObject(ctx.body);
      if (ctx.badJson || !body) return messageWithTrace(400, 'bad request data');
      const parsed = parseMuteTiming(body);
      if ('status' in parsed) return parsed;
      const store = alertmanagerObjects(ctx.org).muteTimings;
      if (store.has(parsed.name)) {
        return errutil(400, 'alerting.notifications.time-intervals.nameExists', 'Time interval with this name already exists. Use a different name or update existing one.');
      }
      const record: MuteTimingRecord = { ...parsed, provenance: requestProvenance(ctx), version: 1 };
      store.set(record.name, record);
      return ok(muteTimingDto(record), 201);
    },
  },
  {
    // RoutePutMuteTiming -> UpdateMuteTiming: 404 when missing, 202 with the object.
    method: 'PUT', pattern: '/api/v1/provisioning/mute-timings/:name', permission: 'alert.provisioning:write',
    handle(ctx) {
      const body = asObject(ctx.body);
      if (ctx.badJson || !body) return messageWithTrace(400, 'bad request data');
      const store = alertmanagerObjects(ctx.org).muteTimings;
      const existing = store.get(ctx.params.name);
      if (!existing) return timingNotFound();
      const parsed = parseMuteTiming({ ...body, name: body.name || ctx.params.name });
      if ('status' in parsed) return parsed;
      // A rename through PUT is out of scope here (k2-grafana keys mute timings by name).
      Object.assign(existing, { time_intervals: parsed.time_intervals, provenance: requestProvenance(ctx), version: existing.version + 1 });
      return ok(muteTimingDto(existing), 202);
    },
  },
  {
    // RouteDeleteMuteTiming -> DeleteMuteTiming: a name the policy tree uses is refused (MakeErrTimeIntervalInUse,
    // 409); a missing one is not an error (204).
    method: 'DELETE', pattern: '/api/v1/provisioning/mute-timings/:name', permission: 'alert.provisioning:write',
    handle(ctx) {
      const store = alertmanagerObjects(ctx.org).muteTimings;
      if (!store.has(ctx.params.name)) return empty(204);
      if (usesMuteTiming(ctx.org.policy, ctx.params.name)) {
        return errutil(409, 'alerting.notifications.time-intervals.used', 'Time interval is used by notification policies');
      }
      store.delete(ctx.params.name);
      return empty(204);
    },
  },
  {
    method: 'GET', pattern: '/api/v1/provisioning/templates', permission: 'alert.provisioning:read',
    handle: (ctx) => ok([...alertmanagerObjects(ctx.org).templates.values()].map((t) => ({ ...t }))),
  },
  {
    method: 'GET', pattern: '/api/v1/provisioning/templates/:name', permission: 'alert.provisioning:read',
    handle(ctx) {
      const found = alertmanagerObjects(ctx.org).templates.get(ctx.params.name);
      return found ? ok({ ...found }) : errutil(404, 'alerting.notifications.templates.notFound', 'Not found');
    },
  },
  {
    // RoutePutTemplate -> SetTemplate/UpsertTemplate: NotificationTemplate.Validate rewrites and parses, ErrValidation
    // -> 400 "invalid object specification: invalid template: ..."; 202 with the stored object.
    method: 'PUT', pattern: '/api/v1/provisioning/templates/:name', permission: 'alert.provisioning:write',
    handle(ctx) {
      const body = asObject(ctx.body);
      if (ctx.badJson || !body) return messageWithTrace(400, 'bad request data');
      const text = typeof body.template === 'string' ? body.template : '';
      if (text === '') return messageWithTrace(400, 'invalid object specification: template must have content');
      const content = wrapTemplate(ctx.params.name, text);
      const problem = templateParseError(ctx.params.name, content);
      if (problem) return messageWithTrace(400, `invalid object specification: invalid template: ${problem}`);
      const record: TemplateRecord = { name: ctx.params.name, template: content, provenance: requestProvenance(ctx) };
      alertmanagerObjects(ctx.org).templates.set(record.name, record);
      return ok({ ...record }, 202);
    },
  },
  {
    method: 'DELETE', pattern: '/api/v1/provisioning/templates/:name', permission: 'alert.provisioning:write',
    handle(ctx) {
      alertmanagerObjects(ctx.org).templates.delete(ctx.params.name);
      return empty(204);
    },
  },
];
