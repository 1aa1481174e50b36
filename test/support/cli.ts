import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output: the exit code and everything written to stdout and stderr. */
export async function runCliCaptured(
  argv: readonly string[],
  options: { readonly env?: Readonly<Record<string, string | undefined>>; readonly cwd?: string; readonly isTTY?: boolean } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: { ...options.env },
    cwd: options.cwd ?? process.cwd(),
    isTTY: options.isTTY ?? false,
  };
  const code = await runCli([...argv], io);
  return { code, stdout, stderr };
}
