/** Where each alert's runbook section lives: docs/runbooks.md headings, as GitHub renders their anchors. */
export const runbooksFile = 'docs/runbooks.md';

export const runbookAnchors = {
  degradationModerate: 'k2-degradation-at-or-above-moderate',
  degradationCritical: 'k2-degradation-critical',
  degradationMetricMissing: 'k2-degradation-level-not-reported',
  consumerLagHigh: 'k2-consumer-lag-at-the-moderate-trigger',
  streamDisconnected: 'k2-exchange-stream-disconnected',
  streamNoMessages: 'k2-exchange-stream-silent',
  circuitBreakerOpen: 'k2-circuit-breaker-open',
  degradationFlapping: 'k2-degradation-level-flapping',
} as const;
