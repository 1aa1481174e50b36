import { describe, expect, it } from 'vitest';
import { k2Commands } from '../../k2/commands/index.js';

describe("K2's verbs, listed lazily by its config", () => {
  it("each listed verb loads as the command of that name, usage and description", async () => {
    expect(k2Commands.map((c) => c.name)).toEqual(['demo-target', 'simulate', 'demo']);
    for (const entry of k2Commands) {
      const command = await entry.load();
      expect({ name: command.name, usage: command.usage, describe: command.describe }, entry.name).toEqual({ name: entry.name, usage: entry.usage, describe: entry.describe });
    }
  });
});
