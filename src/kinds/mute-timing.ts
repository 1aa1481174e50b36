import { ALERTMANAGER_CONFIG } from './write-groups.js';
import { createHash } from 'node:crypto';
import { diffObjects } from '../diff/index.js';
import type { JsonObject, JsonValue, Live, Marker } from '../model/index.js';
import { canonicalJson, isJsonObject } from '../normalise/index.js';
import type { HandlerContext, KindApiCall, KindHandler, Listed, SpecOf } from './kind-handler.js';
import { hasStatus, safetyFor, seg } from './http.js';
import { sourcedObjectIssues } from './shape.js';
import { canonicalTimeInterval } from './time-interval.js';

/**
 * Mute timings: `/api/v1/provisioning/mute-timings` (docs/grafana.md "Mute timings"; Grafana
 * pkg/services/ngalert/api/api_provisioning.go RouteGetMuteTimings / RoutePostMuteTiming / RoutePutMuteTiming /
 * RouteDeleteMuteTiming, service pkg/services/ngalert/provisioning/mute_timings.go). Keyed by name. Grafana validates
 * the intervals with alertmanager's timeinterval package and returns them in its own form (./time-interval.ts), so
 * both sides compare in that form. A mute timing a policy references cannot be deleted (409): the policy kind depends
 * on this one, so prune removes the reference first.
 * Marker: a mute timing has no field of ours that survives a read (Go drops unknown keys), so the marker is one more
 * time interval that can never match: `years` far beyond any date, encoding a digest of the owner and the hash
 * (`years: [1e14 + owner digest, 2e14 + hash high, 3e14 + hash low]`). Time intervals are ORed, so it mutes nothing;
 * Grafana's UI shows it as an interval in those years.
 * Files: `alerting/mute-timings.yaml`, section `muteTimes` (Grafana's file-provisioning key), without the marker.
 */
export interface MuteTimingSpec {
  readonly name: string;
  readonly time_intervals: readonly JsonObject[];
}

/** What a project's `muteTimings` list holds. */
export interface MuteTimingDefinition {
  readonly source: string;
  readonly muteTiming: MuteTimingSpec;
}

const PATH = '/api/v1/provisioning/mute-timings';
const OWNER_BAND = 1e14;
const HI_BAND = 2e14;
const LO_BAND = 3e14;

/** 40 bits of the owner's sha256: the marker keeps a digest, not the name (years are numbers). */
const ownerCode = (owner: string): number => parseInt(createHash('sha256').update(owner).digest('hex').slice(0, 10), 16);

function markerInterval(marker: Marker, owner: string): JsonObject {
  const hash = (marker.hash ?? '').padStart(16, '0');
  const years = [OWNER_BAND + ownerCode(owner), HI_BAND + parseInt(hash.slice(0, 8), 16), LO_BAND + parseInt(hash.slice(8, 16), 16)];
  return { years: years.map(String) };
}

/** The marker interval's parts, when `interval` is one. */
function readMarker(interval: JsonValue): { code: number; hash: string } | undefined {
  if (!isJsonObject(interval) || !Array.isArray(interval.years) || Object.keys(interval).length !== 1 || interval.years.length !== 3) return undefined;
  const [o, hi, lo] = interval.years.map(Number) as [number, number, number];
  const inBand = (n: number, band: number) => Number.isSafeInteger(n) && n >= band && n < band + 2 ** 40;
  if (!inBand(o, OWNER_BAND) || !inBand(hi, HI_BAND) || !inBand(lo, LO_BAND)) return undefined;
  const hex = (n: number) => (n).toString(16).padStart(8, '0');
  return { code: o - OWNER_BAND, hash: `${hex(hi - HI_BAND)}${hex(lo - LO_BAND)}` };
}

function toLive(dto: JsonObject, owner: string): Live<MuteTimingSpec> {
  const intervals = Array.isArray(dto.time_intervals) ? dto.time_intervals.filter(isJsonObject) : [];
  const found = intervals.map(readMarker);
  const at = found.findIndex((m) => m !== undefined);
  const stamp = at >= 0 ? found[at] : undefined;
  const marker: Marker | undefined = stamp
    ? { owner: stamp.code === ownerCode(owner) ? owner : `another k2-grafana project (owner digest ${stamp.code})`, hash: stamp.hash }
    : undefined;
  const name = String(dto.name ?? '');
  return {
    kind: 'mute-timing',
    key: name,
    title: name,
    spec: { name, time_intervals: intervals.filter((_, i) => i !== at) },
    marker,
    provenance: typeof dto.provenance === 'string' ? dto.provenance : '',
  };
}

function body(spec: MuteTimingSpec, marker: Marker, owner: string): JsonObject {
  return { name: spec.name, time_intervals: [...spec.time_intervals, markerInterval(marker, owner)] };
}

const subject = (spec: MuteTimingSpec): string => `mute timing "${spec.name}"`;

const api: readonly KindApiCall[] = [
  { method: 'POST', path: PATH, safety: 'fixed-uid', why: 'the name fixes the mute timing; a repeat is refused as nameExists' },
  { method: 'PUT', path: `${PATH}/:name`, safety: 'idempotent', why: 'replace by name' },
  { method: 'DELETE', path: `${PATH}/:name`, safety: 'idempotent', why: 'a repeat finds nothing (204)' },
];

/** Canonical intervals; one Grafana would refuse is kept as written (validation reports it before any write). */
function canonicalIntervals(intervals: readonly JsonObject[]): JsonValue[] {
  return intervals.map((interval) => {
    try {
      return canonicalTimeInterval(interval);
    } catch {
      return canonicalJson(interval);
    }
  });
}

function parse(doc: JsonObject, file: string): SpecOf<MuteTimingSpec>[] {
  const entries = Array.isArray(doc.muteTimes) ? doc.muteTimes.filter(isJsonObject) : [];
  return entries.map((entry) => ({
    source: file,
    spec: { name: String(entry.name ?? ''), time_intervals: Array.isArray(entry.time_intervals) ? entry.time_intervals.filter(isJsonObject) : [] },
  }));
}

export const muteTiming: KindHandler<MuteTimingSpec> & { readonly kind: 'mute-timing' } = {
  kind: 'mute-timing' as const,
  dependsOn: [],
  writes: 'parallel',
  // Stored in the org's alertmanager configuration, like contact points and the policy: writes never overlap.
  writeGroup: ALERTMANAGER_CONFIG,
  listsAll: true,
  ownership: 'marker',
  api,
  definitions: {
    field: 'muteTimings',
    shapeIssues: (entry, path) => sourcedObjectIssues(entry, path, 'muteTiming', [
      { field: 'name', type: 'non-empty string' }, { field: 'time_intervals', type: 'array' },
    ]),
    specs: (entries: readonly MuteTimingDefinition[]) =>
      entries.map((d) => ({ source: d.source, spec: { name: d.muteTiming.name, time_intervals: [...d.muteTiming.time_intervals] } })),
  },
  files: {
    section: 'muteTimes',
    // Written as it is, not escaped: grafana/grafana pkg/services/provisioning/alerting/mute_times_types.go (commit
    // 0aff354e847331158a17a497ff48aa41b20e68b5) `MuteTimeV1` inlines definitions.MuteTimeInterval, plain Go strings that
    // Grafana does not expand (src/render/file-interpolation.ts).
    render: (project) => {
      const entries = (project.muteTimings ?? []) as readonly MuteTimingDefinition[];
      if (entries.length === 0) return [];
      return [['alerting/mute-timings.yaml', {
        apiVersion: 1,
        muteTimes: entries.map((d) => ({ orgId: 1, name: d.muteTiming.name, time_intervals: [...d.muteTiming.time_intervals] })),
      }] as const];
    },
    parse,
  },

  key: (spec) => spec.name,
  title: (spec) => spec.name,
  requires: () => [],

  normalise: (spec) => canonicalJson({ name: spec.name, time_intervals: canonicalIntervals(spec.time_intervals) }) as JsonObject,
  changes: (before, after, object) => diffObjects('mute-timing', before, after, object),

  async list(ctx): Promise<Listed<MuteTimingSpec>[]> {
    const all = (await ctx.client.get<JsonObject[]>(PATH, { signal: ctx.signal })) ?? [];
    return all.filter(isJsonObject).map((dto) => {
      const live = toLive(dto, ctx.owner);
      return { key: live.key, title: live.title, marker: live.marker, provenance: live.provenance, live };
    });
  },

  async read(ctx, key): Promise<Live<MuteTimingSpec> | undefined> {
    const dto = await ctx.client.getIfExists<JsonObject>(`${PATH}/${seg(key)}`, { signal: ctx.signal });
    return isJsonObject(dto) ? toLive(dto, ctx.owner) : undefined;
  },

  async create(ctx: HandlerContext, desired, marker): Promise<void> {
    await ctx.client.post(PATH, body(desired.spec, marker, ctx.owner), { subject: subject(desired.spec), signal: ctx.signal, ...safetyFor(api, 'POST', PATH) });
  },

  async update(ctx, desired, _live, marker): Promise<void> {
    const path = `${PATH}/${seg(desired.spec.name)}`;
    await ctx.client.put(path, body(desired.spec, marker, ctx.owner), { subject: subject(desired.spec), signal: ctx.signal, ...safetyFor(api, 'PUT', path) });
  },

  async remove(ctx, live): Promise<void> {
    try {
      await ctx.client.delete(`${PATH}/${seg(live.key)}`, { subject: subject(live.spec), signal: ctx.signal });
    } catch (error) {
      if (!hasStatus(error, 404)) throw error;
    }
  },
};
