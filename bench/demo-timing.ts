/**
 * Demo timing, as the presenter experiences it (not a test): seconds from `simulate --scenario lag` to Prometheus
 * showing MODERATE, and from `recover` to Prometheus showing NORMAL. Real demo target, real Prometheus (Debian's,
 * scraping every second), real clocks. Prints each run and the median.
 *
 *   npm run bench:demo-timing                  # 3 runs, demo profile
 *   npm run bench:demo-timing -- --runs 5 --profile k2
 */
import { parseArgs } from 'node:util';
import * as catalog from '../dashboards/catalog.js';
import { demoTargetDriver, runScenario, startDemoTarget, startLocalPrometheus } from '../k2/index.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    profile: { type: 'string', default: 'demo' },
    lag: { type: 'string', default: '600000' },
    scrape: { type: 'string', default: '1' },
  },
});
const runs = Number(values.runs);
const profileName = values.profile as catalog.ProfileName;
const profile = catalog.profiles[profileName];
if (!profile) throw new Error(`unknown profile ${values.profile}; use ${Object.keys(catalog.profiles).join(' or ')}`);
const lag = Number(values.lag);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const target = await startDemoTarget({ config: catalog, profile });
const prometheus = await startLocalPrometheus({ targets: [target.url], intervalSeconds: Number(values.scrape) });
try {
  const firstData = Date.now();
  await prometheus.waitForData(catalog.metrics.degradationLevel.name, { timeoutMs: 120_000 });
  console.log(`demo target ${target.url}, Prometheus ${prometheus.url} (scrape every ${values.scrape}s), profile ${profileName} (cooldown ${profile.cooldownSeconds}s)`);
  console.log(`first sample queryable after ${((Date.now() - firstData) / 1000).toFixed(1)}s`);
  const driver = demoTargetDriver({ url: target.url });
  const common = { driver, config: catalog, prometheusUrl: prometheus.url, waitSeconds: 180, pollIntervalMs: 100 } as const;
  const toLevel: number[] = [];
  const toNormal: number[] = [];
  const expected = catalog.levels.filter((l) => l.lagTrigger !== undefined && lag >= l.lagTrigger).at(-1)?.name ?? 'NORMAL';
  for (let i = 1; i <= runs; i++) {
    const degraded = await runScenario({ ...common, scenario: 'lag', lag });
    const recovered = await runScenario({ ...common, scenario: 'recover' });
    if (!degraded.reading?.reached || !recovered.reading?.reached) {
      throw new Error(`run ${i}: expected ${degraded.expected} then ${recovered.expected}, saw ${degraded.reading?.name} then ${recovered.reading?.name}`);
    }
    toLevel.push(degraded.reading.afterSeconds);
    toNormal.push(recovered.reading.afterSeconds);
    console.log(`run ${i}: lag -> ${degraded.reading.name} ${degraded.reading.afterSeconds.toFixed(1)}s, recover -> ${recovered.reading.name} ${recovered.reading.afterSeconds.toFixed(1)}s`);
  }
  console.log(`median over ${runs} runs: lag (${lag}) -> ${expected} ${median(toLevel).toFixed(1)}s; recover -> NORMAL ${median(toNormal).toFixed(1)}s`);
} finally {
  await prometheus.close();
  await target.close();
}
