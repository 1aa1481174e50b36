import { createHash, scrypt } from 'node:crypto';
import { stableStringify } from '../normalise/index.js';
import type { KindHandler } from './kind-handler.js';

/** The ownership marker value for a project: `k2-grafana/<project>`, so two projects on one Grafana never prune each other. */
export function ownerFor(projectName: string): string {
  return `k2-grafana/${projectName}`;
}

/** Hash of a normalised spec: what is stored in the marker at push time and recomputed from Grafana to detect drift. */
export function specHash(normalised: unknown): string {
  return textHash(stableStringify(normalised));
}

/** specHash of an already canonical text (`stableStringify` output). */
export function textHash(canonical: string): string {
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/**
 * One-way digest of secret values (contact point settings), stored in the object so a changed secret is pushed and an
 * unchanged one is not, although Grafana returns secrets as `[REDACTED]`. scrypt (N=4096, r=8, p=1: about 20 ms here,
 * thousands of times a plain hash) with a per-object salt, since Grafana shows the digest to anyone who can read the
 * object: a webhook URL with its token is out of reach; a short password is only as safe as it is long.
 */
export function secretDigest(salt: string, secrets: Readonly<Record<string, string>>): Promise<string> {
  // Asynchronous: scrypt runs on the thread pool, so provision computes it while the reads are in flight.
  return new Promise((resolve, reject) => {
    scrypt(stableStringify(secrets), `k2-grafana:${salt}`, 16, { N: 4096, r: 8, p: 1 }, (error, key) => (error ? reject(error) : resolve(key.toString('hex'))));
  });
}

/** The hash a write stamps into the marker: of the desired spec's canonical form, as plan recomputes it from Grafana. */
export function desiredHash(handler: KindHandler<any>, spec: unknown): string {
  return textHash(JSON.stringify(handler.normalise(spec)));
}

/**
 * The marker's hash field with the uid of the object it was written for (`<hash>@<uid>`), so a copy of the object
 * (which copies the field) is recognised as someone else's: its uid is not the one bound.
 */
export function bindUid(hash: string, uid: string): string {
  return `${hash}@${uid}`;
}

/** The hash and the uid it was bound to; no uid for a field written by an earlier version. */
export function unbind(field: string): { hash: string; uid?: string } {
  const at = field.lastIndexOf('@');
  return at < 0 ? { hash: field } : { hash: field.slice(0, at), uid: field.slice(at + 1) };
}
