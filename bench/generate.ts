/**
 * How long the K2 definitions take to build, validate, generate and write. Prints measured figures only.
 * Run: npx tsx bench/generate.ts [iterations]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildProject, buildPrometheusRules } from '../dashboards/index.js';
import { compareArtifacts, generate, writeArtifacts } from '../src/render/index.js';
import { validateProject } from '../src/validate/index.js';

const iterations = Number(process.argv[2] ?? 20);
const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'k2-bench-'));

async function time(label: string, fn: () => unknown): Promise<void> {
  await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  const p90 = samples[Math.floor(samples.length * 0.9)];
  console.log(`${label.padEnd(38)} median ${median.toFixed(1)} ms  p90 ${p90.toFixed(1)} ms  (n=${iterations})`);
}

try {
  const project = buildProject();
  const prometheusRules = buildPrometheusRules();
  const artifacts = generate(project, { prometheusRules });
  await time('build project (dashboard + rules)', () => buildProject());
  await time('validate project', () => validateProject(project, { rootDir: root }));
  await time('generate artifacts', () => generate(project, { prometheusRules }));
  await time('write artifacts (unchanged)', () => writeArtifacts(artifacts, join(dir, 'provisioning')));
  await time('write artifacts (fresh directory)', async () => {
    rmSync(join(dir, 'fresh'), { recursive: true, force: true });
    await writeArtifacts(artifacts, join(dir, 'fresh'));
  });
  await time('compare artifacts (check)', () => compareArtifacts(artifacts, join(dir, 'provisioning')));
  const bytes = [...artifacts.values()].reduce((n, c) => n + Buffer.byteLength(c), 0);
  console.log(`${artifacts.size} files, ${bytes} bytes`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
