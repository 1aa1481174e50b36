// What a project needs to add its own verbs to the CLI (a config's `commands`): re-exported by src/index.ts.
export { defineCommand, isLazyCommand, type CliCommand, type CommandContext, type LazyCommand, type CommandEntry } from './command.js';
export { colorEnabled, type CliIO } from './io.js';
export { ExitCode } from './exit-codes.js';
export { reportError } from './report-error.js';
export type { VerbInfo } from './hints.js';
