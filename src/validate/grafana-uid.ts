/** Grafana's `util.ValidateUID` (grafana-http-api.md 1.3): letters, digits, '-' and '_', 1..40 characters. */
const UID_PATTERN = /^[A-Za-z0-9_-]+$/;
export const MAX_UID_LENGTH = 40;

/** Why `uid` is not a valid Grafana uid, or undefined when it is. */
export function uidProblem(uid: unknown): string | undefined {
  if (typeof uid !== 'string' || uid.length === 0) return 'uid is empty';
  if (uid.length > MAX_UID_LENGTH) return `uid "${uid}" is longer than ${MAX_UID_LENGTH} characters (${uid.length})`;
  if (!UID_PATTERN.test(uid)) return `uid "${uid}" has characters other than letters, digits, '-' and '_'`;
  return undefined;
}
