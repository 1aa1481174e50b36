/** Terminal output of the demo: colour only when allowed, numbers formatted one way everywhere. */
export interface Narrator {
  readonly color: boolean;
  readonly tty: boolean;
  line(text?: string): void;
  heading(text: string): void;
  /** Replace the current progress line (TTY) or print a status line now and then (not a TTY). */
  progress(text: string): void;
  endProgress(): void;
  bold(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  dim(text: string): string;
}

const paint = (on: boolean, code: string) => (text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

export function createNarrator(options: { write: (text: string) => void; color: boolean; tty: boolean; now?: () => number }): Narrator {
  const { write, color, tty } = options;
  const now = options.now ?? Date.now;
  let progressShown = false;
  let lastPlainProgress = 0;
  const bold = paint(color, '1');
  return {
    color,
    tty,
    line: (text = '') => {
      if (progressShown) {
        write('\r\u001b[2K');
        progressShown = false;
      }
      write(`${text}\n`);
    },
    heading(text) {
      this.line();
      this.line(bold(text));
    },
    progress(text) {
      if (tty) {
        write(`\r\u001b[2K${text}`);
        progressShown = true;
      } else if (now() - lastPlainProgress >= 5000) {
        write(`  ... ${text}\n`);
        lastPlainProgress = now();
      }
    },
    endProgress() {
      if (progressShown) write('\r\u001b[2K');
      progressShown = false;
      lastPlainProgress = 0;
    },
    bold,
    green: paint(color, '32'),
    yellow: paint(color, '33'),
    red: paint(color, '31'),
    dim: paint(color, '2'),
  };
}

const spinnerFrames = ['|', '/', '-', '\\'];
export function spinner(step: number): string {
  return spinnerFrames[step % spinnerFrames.length]!;
}

/** A text bar of `width` cells filled to `fraction` (0..1). */
export function bar(fraction: number, width = 20): string {
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/** 12345.6 -> "12,346"; counts are shown as whole numbers. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Rates with one decimal: "60.0 msg/s". */
export function formatRate(value: number): string {
  return `${value.toFixed(1)} msg/s`;
}

/** Signed percent change with one decimal, or "n/a" from zero. */
export function percentChange(before: number, after: number): number | undefined {
  if (before === 0) return undefined;
  return ((after - before) / before) * 100;
}

export function formatPercent(value: number | undefined): string {
  if (value === undefined) return 'n/a';
  const rounded = Number(value.toFixed(1));
  return `${rounded > 0 ? '+' : ''}${rounded.toFixed(1)}%`;
}

/** A plain table: header, rule, rows; columns padded to the widest cell (colour codes not counted). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths = header.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i] ?? ''))));
  const render = (cells: readonly string[]) =>
    cells.map((c, i) => c + ' '.repeat(widths[i]! - visible(c))).join('  ').trimEnd();
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(render)];
}
