// The narrated demo: re-exported by k2/index.ts.
export { levelForLag, levelName, normalLevel, type DemoConfig, type DemoLevel, type DemoMetric, type DemoTier } from './demo-config.js';
export { demoQueries, type DemoQueries } from './demo-queries.js';
export type { DemoReader, DemoReading } from './demo-reading.js';
export { PrometheusDemoReader, type PrometheusReaderOptions } from './prometheus-reader.js';
export { MetricsEndpointReader, type MetricsEndpointReaderOptions } from './metrics-endpoint-reader.js';
export { parseExposition, sumBy, type ExposedSample } from './exposition.js';
export { createNarrator, formatCount, formatRate, formatPercent, percentChange, type Narrator } from './narration.js';
export { httpScenarioDriver, ScenarioRequestError, type ScenarioDriver, type ScenarioResult } from './scenario-driver.js';
export { runDemo, DemoStepTimeoutError, type RunDemoOptions, type DemoReport, type ShownFigure } from './run-demo.js';
export { prepareDemoEnvironment, type DemoEnvironment, type DemoEnvironmentOptions } from './demo-environment.js';
