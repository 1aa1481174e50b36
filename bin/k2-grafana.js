#!/usr/bin/env node
// The `k2-grafana` command. In a source checkout it runs the working tree through tsx, so `npx k2-grafana` never
// runs a stale build; an installed package has no src/ and runs its compiled JavaScript.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);
let main;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  main = await import(source.href);
} else {
  main = await import('../dist/src/cli/main.js');
}
await main.runMain();
