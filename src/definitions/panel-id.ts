import { createHash } from 'node:crypto';

/** Largest id we hand out: Grafana stores panel ids as JSON numbers; staying within int32 keeps every client happy. */
const MAX_PANEL_ID = 0x7fff_ffff;

/**
 * A stable panel id derived from a per-panel key: the same key always gives the same id, so inserting or moving a
 * panel never renumbers the others (unlike Grafana's 1..n numbering, which makes every diff noisy).
 */
export function panelIdFromKey(key: string): number {
  if (key.trim() === '') throw new RangeError('a panel key must not be empty');
  const digest = createHash('sha256').update(key, 'utf8').digest();
  const id = digest.readUInt32BE(0) & MAX_PANEL_ID;
  // 0 is what the SDK gives rows and what Grafana treats as "unset".
  return id === 0 ? 1 : id;
}
