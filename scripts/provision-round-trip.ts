// Provision round trip against the Grafana in GRAFANA_URL: provision, then provision again, which must write nothing
// (no create, update or delete) and fail nothing. Extra arguments go to both runs (e.g. `--api app-platform`).
// Used by .github/workflows/grafana-contract.yml; test/ci/provision-round-trip.test.ts runs it against the emulator.
//   npx tsx scripts/provision-round-trip.ts [--api classic|app-platform] [provision options...]
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Counts {
  created: number;
  updated: number;
  deleted: number;
  failed: number;
  unchanged: number;
}

const cli = fileURLToPath(new URL('../bin/k2-grafana.js', import.meta.url));
const extra = process.argv.slice(2);

function provision(): Promise<{ code: number; counts?: Counts; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'provision', '--output', 'json', ...extra], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      let counts: Counts | undefined;
      try {
        counts = (JSON.parse(stdout) as { summary?: { counts?: Counts } }).summary?.counts;
      } catch {
        counts = undefined;
      }
      resolve({ code, counts, stdout, stderr });
    });
  });
}

const label = extra.length ? ` (${extra.join(' ')})` : '';
const first = await provision();
if (first.code !== 0 || !first.counts) {
  process.stderr.write(`provision-round-trip${label}: the first provision failed with exit ${first.code}\n${first.stderr}${first.stdout}\n`);
  process.exit(1);
}
const second = await provision();
if (second.code !== 0 || !second.counts) {
  process.stderr.write(`provision-round-trip${label}: the second provision failed with exit ${second.code}\n${second.stderr}${second.stdout}\n`);
  process.exit(1);
}
const show = (c: Counts): string => `created ${c.created}, updated ${c.updated}, deleted ${c.deleted}, unchanged ${c.unchanged}, failed ${c.failed}`;
process.stdout.write(`provision-round-trip${label}: first run ${show(first.counts)}\n`);
process.stdout.write(`provision-round-trip${label}: second run ${show(second.counts)}\n`);
const wrote = second.counts.created + second.counts.updated + second.counts.deleted + second.counts.failed;
if (wrote > 0 || first.counts.failed > 0) {
  process.stderr.write(`provision-round-trip${label}: the second provision was expected to write nothing; it did (${show(second.counts)})\n`);
  process.exit(1);
}
