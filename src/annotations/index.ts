// Public surface of src/annotations: re-exported by src/index.ts.
export type {
  AnnotationApi,
  AnnotationEvent,
  EmitResult,
  FlushReport,
  JournalEntry,
  NewAnnotation,
  Outcome,
  StoredAnnotation,
} from './types.js';
export { AnnotationJournal, defaultJournalPath } from './journal.js';
export { withFileLock, type FileLockOptions } from './file-lock.js';
export { eventTag, isValidEventId, annotationTags } from './event-tag.js';
export { isDefinitiveRejection } from './rejection.js';
export {
  createAnnotationEmitter,
  type AnnotationEmitter,
  type AnnotationEmitterOptions,
  type RegionClose,
} from './emitter.js';
export { grafanaAnnotationApi } from './grafana-annotation-api.js';
export { createPrometheusClient, PrometheusQueryError, type PrometheusClient, type PrometheusClientOptions, type PromSeries } from './prometheus-client.js';
export { LevelWatcher, runLevelWatcher, type LevelChange, type LevelWatcherOptions, type WatchLoopOptions } from './level-watcher.js';
export { createEmitterFromEnv, type EmitterFromEnvOptions } from './emitter-from-env.js';
