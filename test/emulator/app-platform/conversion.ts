/**
 * Which dashboard API version a record is stored at, and what a read at another version does to it.
 * - apps/dashboard/pkg/migration/conversion `ConvertDashboard_V0_to_V1beta1`: "an atomic single-step conversion that
 *   1. Migrates the dashboard to the latest schema version" (`migrateV0Dashboard(ctx, spec, schemaversion.LATEST_VERSION)`)
 *   and sets `status.conversion.storedVersion` ("v0alpha1"); every conversion sets that status (`setConversionStatus`).
 * - `schemaversion.LATEST_VERSION`: 42 in the 12.x copy of migrations.go; newest main adds `V43` (v43.go: formatTime
 *   transformations become convertFieldType, schemaVersion 43), taken here as 13.1's latest (UNVERIFIED for 13.1 exactly).
 * - Where a classic save lands: `LegacySaveCommandToUnstructured` builds a v0alpha1 object in 12.x
 *   (`v0alpha1.DashboardResourceInfo.GroupVersionKind()`) and a v1 one in newest main (`dashboardv1...`); legacy rows
 *   without an api_version read as v0alpha1 (sql_dashboards.go scanRow). The classic GET of newest main reads through
 *   the v1 client, so a v0alpha1-stored dashboard (saved by 12.x, then the server upgraded) is migrated on that read too.
 * Only the schemaVersion bump is emulated, not V43's transformation rewrite.
 */
import { versionAtLeast, type EmulatorVersion } from '../context.js';

export const latestSchemaVersion = (v: EmulatorVersion): number | undefined => (versionAtLeast(v, '13.1') ? 43 : versionAtLeast(v, '12.3') ? 42 : undefined);
export const classicStoredVersion = (v: EmulatorVersion): string => (versionAtLeast(v, '13.1') ? 'v1' : 'v0alpha1');
/** The version the classic dashboard API reads through (its k8s client). */
const classicReadVersion = (v: EmulatorVersion): string => (versionAtLeast(v, '13.1') ? 'v1' : 'v0alpha1');

export interface ConvertedRead {
  readonly spec: Record<string, unknown>;
  /** `status.conversion` when the read converted from the stored version. */
  readonly conversion?: { failed: boolean; storedVersion: string };
}

/** The spec as a read at `readAt` returns a record stored at `stored` (undefined: where this version's classic save puts it). */
export function readAt(version: EmulatorVersion, stored: string | undefined, readVersion: string, spec: Record<string, unknown>): ConvertedRead {
  const from = stored ?? classicStoredVersion(version);
  if (from === readVersion) return { spec };
  const latest = latestSchemaVersion(version);
  if (from === 'v0alpha1' && latest !== undefined && typeof spec.schemaVersion === 'number' && spec.schemaVersion < latest) {
    return { spec: { ...spec, schemaVersion: latest }, conversion: { failed: false, storedVersion: from } };
  }
  return { spec, conversion: { failed: false, storedVersion: from } };
}

/** The classic GET's view of a stored dashboard JSON (newest main reads it through the v1 client). */
export function classicRead(version: EmulatorVersion, stored: string | undefined, json: Record<string, unknown>): Record<string, unknown> {
  return readAt(version, stored, classicReadVersion(version), json).spec;
}
