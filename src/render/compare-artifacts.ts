import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactSet } from '../model/index.js';
import { withManifest } from './manifest.js';
import { readManifest } from './write-artifacts.js';

/**
 * Files in `dir` that differ from what the definitions generate: changed, missing, or generated earlier and no
 * longer generated. Empty means `dir` is up to date. Sorted, relative to `dir`.
 */
export async function compareArtifacts(artifacts: ArtifactSet, dir: string): Promise<string[]> {
  const all = withManifest(artifacts);
  const stale = new Set<string>();
  for (const [path, content] of all) {
    if ((await readOrUndefined(join(dir, path))) !== content) stale.add(path);
  }
  for (const path of await readManifest(dir)) {
    if (!all.has(path) && (await readOrUndefined(join(dir, path))) !== undefined) stale.add(path);
  }
  return [...stale].sort();
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * What Grafana's file provisioning reads from a mounted provisioning folder (grafana-http-api.md §12.2): dashboard
 * JSON (and provider YAML) under dashboards/, YAML or JSON under alerting/, YAML under datasources/.
 */
const GRAFANA_READS: readonly RegExp[] = [/^dashboards\/.+\.(json|ya?ml)$/i, /^alerting\/.+\.(json|ya?ml)$/i, /^datasources\/.+\.ya?ml$/i];

/**
 * Files in `dir` that a file-mounted Grafana would load but the definitions did not generate: nobody reviewed them
 * as definitions, yet they would be provisioned. Sorted, relative to `dir`; hidden files and folders are skipped.
 */
export async function unreviewedFiles(artifacts: ArtifactSet, dir: string): Promise<string[]> {
  const all = withManifest(artifacts);
  const found: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(join(dir, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(path);
      else if (!all.has(path) && GRAFANA_READS.some((pattern) => pattern.test(path))) found.push(path);
    }
  };
  await walk('');
  return found.sort();
}
