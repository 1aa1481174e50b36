import * as catalog from '../../dashboards/catalog.js';
import { describe, expect, it } from 'vitest';
import { hits, k2Names } from './k2-names.js';
import { filesUnder, readText, repoPath } from './source-files.js';

describe('src/ holds no K2 name', () => {
  const names = k2Names();

  it("derives the list from K2's catalog", () => {
    expect(names.get('k2_degradation_level')).toBe('metric');
    expect(names.get('circuit_break')).toBe('level code name');
    expect(names.get('MODERATE')).toBe('level display name');
    expect(names.get('DOGEUSDT')).toBe('tier symbol');
    expect(names.get('DOGE')).toBe('tier symbol');
    expect(names.get(catalog.grafana.simulationAnnotationTag)).toBe('annotation tag');
    expect(names.get(catalog.containers.consumer)).toBe('container');
    expect(names.size).toBeGreaterThan(40);
  });

  it('matches case-sensitive whole words, and lets the tool name itself', () => {
    const sample = [
      '// e.g. `dashboards/k2-degradation.ts`', // a uid inside a path
      'const normal = normalize(path);', // a level code name as an identifier
      'normalise(light); // Normalised', // neither
      'new K2GrafanaError(); // see k2-grafana and k2_grafana_hash', // allowed
      'folder K2 and k2_degradation_level_total', // the folder title; a longer metric is not this one
    ].join('\n');
    expect(hits('x.ts', sample, names)).toEqual([
      'x.ts:1: k2-degradation (Grafana uid or title)',
      'x.ts:1: k2 (Grafana uid or title)', // the folder uid, inside the dashboard uid
      'x.ts:2: normal (level code name)',
      'x.ts:5: K2 (Grafana uid or title)',
    ]);
  });

  it('no file under src/ contains one', () => {
    const found = filesUnder('src').flatMap((file) => hits(repoPath(file), readText(file), names));
    expect(found).toEqual([]);
  });
});
