/** Every figure the demo shows at one moment, all read from Prometheus or the target's /metrics. */
export interface DemoReading {
  /** Evaluation time, ms since the epoch (Prometheus evaluated every query at exactly this time). */
  readonly at: number;
  readonly level: number;
  readonly lag: number;
  /** Counter value: messages shed since the target started. */
  readonly shedTotal: number;
  readonly shedByTier: Readonly<Record<string, number>>;
  /** msg/s the consumer took off the topic (shed ones included, as K2 counts them). */
  readonly consumedRate: number;
  /** msg/s actually processed: consumed minus shed. */
  readonly processedRate: number;
  readonly shedRateByTier: Readonly<Record<string, number>>;
  readonly receivedRateBySymbol: Readonly<Record<string, number>>;
}

/** Where figures come from. */
export interface DemoReader {
  readonly source: 'prometheus' | 'metrics';
  /** Human description, e.g. "Prometheus at http://127.0.0.1:40123 (started by the demo)". */
  readonly description: string;
  /** The current level, as fresh as possible (for progress while waiting). */
  currentLevel(): Promise<number | undefined>;
  /** The current lag, as fresh as possible. */
  currentLag(): Promise<number | undefined>;
  /** Every figure, at a moment whose data is complete (settled). */
  read(): Promise<DemoReading>;
  /** Resolves when the reader holds enough history for rates over its window. */
  waitForHistory(signal?: AbortSignal): Promise<void>;
  /** How long after a change its effect is fully inside a reading's rate window. */
  readonly settleMs: number;
  readonly rateWindowSeconds: number;
  close(): Promise<void>;
}
