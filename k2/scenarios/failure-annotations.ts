import type { AnnotationEmitter, EmitResult } from '../../src/index.js';

/**
 * A failure event as the simulation reports it (structurally; SimulationEvent and the demo's events fit): `start`
 * when a failure is injected, `end` when it is lifted, both with the same eventId.
 */
export interface FailureEventLike {
  readonly scenario: string;
  readonly phase: 'start' | 'end';
  /** ms since the epoch. */
  readonly at: number;
  readonly eventId: string;
  readonly lag?: number;
  readonly memoryPercent?: number;
}

function describe(event: FailureEventLike): string {
  const details: string[] = [];
  if (event.lag !== undefined) details.push(`lag target ${event.lag.toLocaleString('en-US')} messages`);
  if (event.memoryPercent !== undefined) details.push(`memory ${event.memoryPercent}%`);
  return `${event.scenario}${details.length ? ` (${details.join(', ')})` : ''}`;
}

/**
 * One region annotation per failure: `start` opens it at the action's time, `end` closes it at the recovery
 * action's time. Tags: the emitter's base tags, `scenario:<name>` and the event tag. Never throws.
 */
export function annotateFailureEvent(emitter: AnnotationEmitter, event: FailureEventLike): Promise<EmitResult> {
  if (event.phase === 'start') {
    return emitter.openRegion({
      eventId: event.eventId,
      time: event.at,
      text: `Failure injected: ${describe(event)}`,
      tags: [`scenario:${event.scenario}`],
    });
  }
  return emitter.closeRegion({
    eventId: event.eventId,
    timeEnd: event.at,
    text: `Failure injected: ${describe(event)}; recovery triggered ${new Date(event.at).toISOString()}`,
  });
}
