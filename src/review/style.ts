/** Text styling for terminal output: ANSI colour when enabled, identity otherwise (no escape codes when piped). */
export interface CliStyle {
  readonly red: (t: string) => string;
  readonly green: (t: string) => string;
  readonly yellow: (t: string) => string;
  readonly blue: (t: string) => string;
  readonly bold: (t: string) => string;
}

const id = (t: string) => t;
export const plainStyle: CliStyle = { red: id, green: id, yellow: id, blue: id, bold: id };

const wrap = (open: number, close: number) => (t: string) => `\u001b[${open}m${t}\u001b[${close}m`;
export const ansiStyle: CliStyle = { red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), blue: wrap(34, 39), bold: wrap(1, 22) };
