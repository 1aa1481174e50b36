import type { ThresholdRule, ThresholdRuleGroup } from '../../src/index.js';
import type { Catalog } from '../catalog-type.js';
import * as k2 from '../catalog.js';
import { increaseWithNewSeries } from '../degradation/promql.js';
import { runbookAnchors } from './runbook-anchors.js';

export const source = 'dashboards/alerting/rules.ts';

/** Labels every K2 alert carries: the K2 notification sub-route matches them. */
export const projectLabels = { team: 'k2' } as const;

/** Series are kept apart per environment and service: one alert each, as K2's standard labels allow. */
const BY = 'environment, service';

/**
 * K2's Grafana-managed alert rules. Queries return raw values; every threshold comes from the catalog, so a catalog
 * change moves the rule, its Prometheus twin and the dashboard's drawn lines together.
 */
export function k2RuleGroup(catalog: Catalog = k2): ThresholdRuleGroup {
  const level = (name: string) => {
    const found = catalog.levels.find((l) => l.name === name);
    if (!found) throw new RangeError(`catalog has no level ${name}`);
    return found;
  };
  const moderate = level('MODERATE');
  const critical = level('CRITICAL');
  const open = catalog.breakerStates.find((s) => s.name === 'OPEN');
  const connected = catalog.connectionStates.find((s) => s.name === 'CONNECTED');
  if (!open || !connected) throw new RangeError('catalog lacks the OPEN breaker state or the CONNECTED stream state');
  const a = catalog.alerting;
  const m = catalog.metrics;
  const sel = (name: string, component: string) => `${name}{component="${component}"}`;
  const levelQuery = `max by (${BY}) (${sel(m.degradationLevel.name, m.degradationLevel.component)})`;
  const common = { execErrState: 'Error', labels: projectLabels } as const;

  const rules: ThresholdRule[] = [
    {
      ...common,
      uid: 'k2-degradation-moderate',
      title: `K2 degradation at or above ${moderate.name}`,
      alertName: 'K2DegradationModerate',
      query: levelQuery,
      op: 'gte',
      value: moderate.value,
      for: `${a.degradedForSeconds}s`,
      noDataState: 'NoData',
      severity: 'warning',
      summary: `K2 consumer {{ $labels.service }} ({{ $labels.environment }}) is degraded to ${moderate.name} or worse`,
      description:
        `The degradation level has been at or above ${moderate.name} (${moderate.value}) for ${a.degradedForSeconds} s: ` +
        'low-priority symbols are being shed.',
      runbookAnchor: runbookAnchors.degradationModerate,
    },
    {
      ...common,
      uid: 'k2-degradation-critical',
      title: `K2 degradation ${critical.name}`,
      alertName: 'K2DegradationCritical',
      query: levelQuery,
      op: 'gte',
      value: critical.value,
      for: '0s',
      noDataState: 'NoData',
      severity: 'critical',
      summary: `K2 consumer {{ $labels.service }} ({{ $labels.environment }}) is at ${critical.name}`,
      description: `The degradation level reached ${critical.name} (${critical.value}). ${critical.meaning}`,
      runbookAnchor: runbookAnchors.degradationCritical,
    },
    {
      ...common,
      uid: 'k2-degradation-metric-missing',
      title: 'K2 degradation level not reported',
      alertName: 'K2DegradationMetricMissing',
      // Counting the series is 0 only if none exist, which Grafana sees as no data: the no-data state does the work.
      query: `count(${sel(m.degradationLevel.name, m.degradationLevel.component)})`,
      op: 'lt',
      value: 1,
      for: '1m',
      noDataState: 'Alerting',
      severity: 'warning',
      summary: `${m.degradationLevel.name} has disappeared`,
      description:
        `No ${m.degradationLevel.name} series has been reported for 1 minute: the dashboards and the degradation ` +
        'alerts are blind until the consumer exports it again.',
      runbookAnchor: runbookAnchors.degradationMetricMissing,
    },
    {
      ...common,
      uid: 'k2-consumer-lag-high',
      title: `K2 consumer lag at the ${moderate.name} trigger`,
      alertName: 'K2ConsumerLagHigh',
      query: `sum by (${BY}, consumer_group) (${sel(m.consumerLag.name, m.consumerLag.component)})`,
      op: 'gte',
      value: moderate.lagTrigger as number,
      for: `${a.degradedForSeconds}s`,
      noDataState: 'OK',
      severity: 'warning',
      summary: `Consumer lag of {{ $labels.consumer_group }} reached the ${moderate.name} trigger`,
      description:
        `Consumer lag summed over partitions is at or above ${moderate.lagTrigger} messages, the lag at which K2 ` +
        `enters ${moderate.name}.`,
      runbookAnchor: runbookAnchors.consumerLagHigh,
    },
    {
      ...common,
      uid: 'k2-stream-disconnected',
      title: 'K2 exchange stream disconnected',
      alertName: 'K2StreamDisconnected',
      query: `min by (${BY}) (${sel(m.binanceConnectionStatus.name, m.binanceConnectionStatus.component)})`,
      op: 'lt',
      value: connected.value,
      for: `${a.disconnectedForSeconds}s`,
      noDataState: 'NoData',
      severity: 'critical',
      summary: 'Binance WebSocket of {{ $labels.service }} ({{ $labels.environment }}) is disconnected',
      description: `The exchange WebSocket has reported disconnected for ${a.disconnectedForSeconds} s: no new trades arrive.`,
      runbookAnchor: runbookAnchors.streamDisconnected,
    },
    {
      ...common,
      uid: 'k2-stream-no-messages',
      title: 'K2 exchange stream silent',
      alertName: 'K2StreamNoMessages',
      query: `time() - max by (${BY}) (${sel(m.binanceLastMessageTimestamp.name, m.binanceLastMessageTimestamp.component)})`,
      op: 'gt',
      value: catalog.profiles.k2.healthCheckTimeoutSeconds,
      for: '0s',
      noDataState: 'NoData',
      severity: 'critical',
      summary: 'No trade message from Binance for {{ $labels.service }} ({{ $labels.environment }})',
      description:
        `No trade message has arrived for more than ${catalog.profiles.k2.healthCheckTimeoutSeconds} s, the time after ` +
        'which K2 reconnects.',
      runbookAnchor: runbookAnchors.streamNoMessages,
    },
    {
      ...common,
      uid: 'k2-circuit-breaker-open',
      title: 'K2 circuit breaker open',
      alertName: 'K2CircuitBreakerOpen',
      query: `max by (${BY}, breaker_name) (${sel(m.circuitBreakerState.name, m.circuitBreakerState.component)})`,
      op: 'eq',
      value: open.value,
      for: '0s',
      noDataState: 'OK',
      severity: 'critical',
      summary: 'Circuit breaker {{ $labels.breaker_name }} is OPEN',
      description: 'The circuit breaker is rejecting calls after repeated failures; it half-opens after its timeout.',
      runbookAnchor: runbookAnchors.circuitBreakerOpen,
    },
    {
      ...common,
      uid: 'k2-degradation-flapping',
      title: 'K2 degradation level flapping',
      alertName: 'K2DegradationFlapping',
      query: `sum by (${BY}) (${increaseWithNewSeries(sel(m.degradationTransitions.name, m.degradationTransitions.component), `${a.flappingWindowMinutes}m`)})`,
      op: 'gt',
      value: a.flappingTransitions,
      for: '0s',
      noDataState: 'OK',
      severity: 'warning',
      summary: 'K2 degradation level of {{ $labels.service }} keeps changing',
      description:
        `More than ${a.flappingTransitions} level transitions in ${a.flappingWindowMinutes} minutes: load hovers around ` +
        'a trigger, or the recovery cooldown is too short.',
      runbookAnchor: runbookAnchors.degradationFlapping,
    },
  ];
  return {
    name: 'k2-degradation',
    folderUid: catalog.grafana.folder.uid,
    intervalSeconds: a.evaluationIntervalSeconds,
    rules,
  };
}
