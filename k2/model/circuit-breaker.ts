import type { BreakerStateName } from './simulation-config.js';

export interface BreakerTransition {
  readonly breakerName: string;
  readonly from: BreakerStateName;
  readonly to: BreakerStateName;
  /** Model time, ms since the epoch. */
  readonly at: number;
  readonly cause: string;
}

export interface StreamCircuitBreakerOptions {
  readonly name: string;
  readonly healthCheckTimeoutSeconds: number;
  readonly openTimeoutSeconds: number;
  readonly successThreshold: number;
  /** Length of one half-open probe: a probe succeeds when a message arrives within it. @default 1 */
  readonly probeSeconds?: number;
}

/**
 * A circuit breaker that watches a message stream: CLOSED -> OPEN when no message arrived for the health-check
 * window; OPEN -> HALF_OPEN after the open timeout; HALF_OPEN -> CLOSED after `successThreshold` successful probes in
 * a row, or back to OPEN on a failed one.
 */
export class StreamCircuitBreaker {
  private readonly options: Required<StreamCircuitBreakerOptions>;
  private current: BreakerStateName = 'CLOSED';
  private enteredAt: number;
  private probeStartedAt = 0;
  private probeDelivered = false;
  private successes = 0;
  private failureCount = 0;

  constructor(options: StreamCircuitBreakerOptions, now: number) {
    this.options = { probeSeconds: 1, ...options };
    this.enteredAt = now;
  }

  get state(): BreakerStateName {
    return this.current;
  }

  /** Failures recorded (transitions into OPEN). */
  get failures(): number {
    return this.failureCount;
  }

  /** The stream counts as connected while closed, or half-open once a probe delivered. */
  get connected(): boolean {
    return this.current === 'CLOSED' || (this.current === 'HALF_OPEN' && (this.probeDelivered || this.successes > 0));
  }

  /** Whether the stream may deliver now (an open breaker keeps the connection down). */
  get admitsTraffic(): boolean {
    return this.current !== 'OPEN';
  }

  /** Advance to `now`, given when the last message arrived and whether one arrived in this step. */
  observe(now: number, lastMessageAt: number, deliveredThisStep: boolean): BreakerTransition | undefined {
    const { healthCheckTimeoutSeconds, openTimeoutSeconds, successThreshold, probeSeconds } = this.options;
    switch (this.current) {
      case 'CLOSED': {
        const silentMs = now - lastMessageAt;
        if (silentMs >= healthCheckTimeoutSeconds * 1000) {
          return this.open(now, `no message for ${seconds(silentMs)}s (health-check window ${healthCheckTimeoutSeconds}s)`);
        }
        return undefined;
      }
      case 'OPEN':
        if (now - this.enteredAt >= openTimeoutSeconds * 1000) {
          this.successes = 0;
          this.startProbe(now);
          return this.move('HALF_OPEN', now, `open timeout ${openTimeoutSeconds}s passed; probing the stream`);
        }
        return undefined;
      case 'HALF_OPEN': {
        if (deliveredThisStep) this.probeDelivered = true;
        if (now - this.probeStartedAt < probeSeconds * 1000) return undefined;
        if (!this.probeDelivered) return this.open(now, `half-open probe saw no message within ${probeSeconds}s`);
        this.successes += 1;
        this.startProbe(now);
        if (this.successes >= successThreshold) {
          return this.move('CLOSED', now, `${this.successes} successful probes (threshold ${successThreshold})`);
        }
        return undefined;
      }
    }
  }

  private open(now: number, cause: string): BreakerTransition {
    this.failureCount += 1;
    return this.move('OPEN', now, cause);
  }

  private startProbe(now: number): void {
    this.probeStartedAt = now;
    this.probeDelivered = false;
  }

  private move(to: BreakerStateName, at: number, cause: string): BreakerTransition {
    const from = this.current;
    this.current = to;
    this.enteredAt = at;
    return { breakerName: this.options.name, from, to, at, cause };
  }
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
