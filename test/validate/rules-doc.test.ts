/** docs/validate.md's rule table is the rule catalog's, so a rule added, renamed or re-defaulted shows in the docs. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintRulesTable, RULES_DOC, withLintRulesTable } from '../../scripts/lint-rules-doc.js';
import { LINT_RULE_IDS } from '../../src/validate/index.js';

const doc = readFileSync(fileURLToPath(new URL(`../../${RULES_DOC}`, import.meta.url)), 'utf8');

describe('docs/validate.md', () => {
  it('holds the rule table as the catalog generates it (run `npx tsx scripts/lint-rules-doc.ts`)', () => {
    expect(doc).toBe(withLintRulesTable(doc));
  });

  it('lists every rule id once, with its default severity', () => {
    const rows = lintRulesTable().split('\n').slice(2);
    expect(rows.map((row) => /^\| `([a-z-]+)` \| (off|warn|error) \|/.exec(row)?.[1])).toEqual(LINT_RULE_IDS);
  });
});
