/**
 * K2's application on top of the k2-grafana library: the pipeline model (model/), the demo target that exports K2's
 * metrics (target/), failure scenarios and their drivers (scenarios/), a throwaway Prometheus (prometheus/), the
 * narrated demo (demo/) and the verbs K2's config registers (commands/). Not part of the published package.
 * Everything here reaches the library through its public entry point (src/index.ts) only.
 */
export type {
  SimulationConfig,
  SimulationLevel,
  SimulationTier,
  SimulationMetricSpec,
  SimulationMetrics,
  TimingProfile,
  BreakerStateName,
} from './model/simulation-config.js';
export { ManualClock, systemClock, type Clock } from './model/clock.js';
export { DegradationManager, type LevelTransition, type DegradationManagerOptions } from './model/degradation-manager.js';
export { shedReasonFor, shedReasons } from './model/load-shedder.js';
export { StreamCircuitBreaker, type BreakerTransition, type StreamCircuitBreakerOptions } from './model/circuit-breaker.js';
export { PipelineModel, type PipelineModelOptions, type PipelineSnapshot, type ModelLogRecord, type ScenarioState } from './model/pipeline-model.js';
export { MetricsExporter } from './target/metrics-exporter.js';
export {
  startDemoTarget,
  type DemoTarget,
  type DemoTargetOptions,
  type ScenarioRequest,
  type ScenarioResponse,
  type StateView,
} from './target/demo-target.js';
export { OpenFailures, scenarioNames, type SimulationEvent, type FailureScenario, type ScenarioName, type OpenFailure } from './scenarios/simulation-event.js';
export { queryInstant, type PrometheusSample, type QueryOptions } from './prometheus/prometheus-query.js';
export { startLocalPrometheus, prometheusAvailable, type LocalPrometheus, type LocalPrometheusOptions } from './prometheus/prometheus-server.js';
export {
  PrometheusUnreachableError,
  DemoTargetUnreachableError,
  DockerUnavailableError,
  ContainerMissingError,
  PrometheusBinaryMissingError,
} from './errors.js';
export type { SimulationDriver, ScenarioStep } from './scenarios/simulation-driver.js';
export { demoTargetDriver, type DemoTargetDriverOptions } from './scenarios/demo-target-driver.js';
export { dockerDriver, type DockerDriverOptions } from './scenarios/docker-driver.js';
export { annotateFailureEvent, type FailureEventLike } from './scenarios/failure-annotations.js';
export { runScenario, type RunScenarioOptions, type ScenarioRunResult, type LevelReading } from './scenarios/run-scenario.js';
export * from './demo/index.js';
export { k2Commands } from './commands/index.js';
export { k2Annotations } from './annotations.js';
