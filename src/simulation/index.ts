// Public surface of src/simulation: re-exported by src/index.ts.
export type {
  SimulationConfig,
  SimulationLevel,
  SimulationTier,
  SimulationMetricSpec,
  SimulationMetrics,
  TimingProfile,
  BreakerStateName,
} from './simulation-config.js';
export { ManualClock, systemClock, type Clock } from './clock.js';
export { DegradationManager, type LevelTransition, type DegradationManagerOptions } from './degradation-manager.js';
export { shedReasonFor, shedReasons } from './load-shedder.js';
export { StreamCircuitBreaker, type BreakerTransition, type StreamCircuitBreakerOptions } from './circuit-breaker.js';
export { PipelineModel, type PipelineModelOptions, type PipelineSnapshot, type ModelLogRecord, type ScenarioState } from './pipeline-model.js';
export { MetricsExporter } from './metrics-exporter.js';
export {
  startDemoTarget,
  type DemoTarget,
  type DemoTargetOptions,
  type ScenarioRequest,
  type ScenarioResponse,
  type StateView,
} from './demo-target.js';
export { OpenFailures, scenarioNames, type SimulationEvent, type FailureScenario, type ScenarioName, type OpenFailure } from './simulation-event.js';
export { queryInstant, type PrometheusSample, type QueryOptions } from './prometheus-query.js';
export { startLocalPrometheus, prometheusAvailable, type LocalPrometheus, type LocalPrometheusOptions } from './prometheus-server.js';
export {
  PrometheusUnreachableError,
  DemoTargetUnreachableError,
  DockerUnavailableError,
  ContainerMissingError,
  PrometheusBinaryMissingError,
} from './errors.js';
export type { SimulationDriver, ScenarioStep } from './simulation-driver.js';
export { demoTargetDriver, type DemoTargetDriverOptions } from './demo-target-driver.js';
export { dockerDriver, type DockerDriverOptions } from './docker-driver.js';
export { runScenario, type RunScenarioOptions, type ScenarioRunResult, type LevelReading } from './run-scenario.js';
