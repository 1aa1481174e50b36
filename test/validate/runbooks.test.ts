import { describe, expect, it } from 'vitest';
import { githubSlug, markdownAnchors, parsePrometheusDuration } from '../../src/validate/index.js';

describe('githubSlug', () => {
  it.each([
    ['Degradation at or above MODERATE', 'degradation-at-or-above-moderate'],
    ['Circuit breaker `open` (stream)', 'circuit-breaker-open-stream'],
    ['Lag >= 500k: what to do', 'lag--500k-what-to-do'],
    ['[Linked](https://example.test) heading', 'linked-heading'],
    ['snake_case_kept', 'snake_case_kept'],
    ['Émile’s niveau', 'émiles-niveau'],
  ])('%s -> %s', (heading, slug) => {
    expect(githubSlug(heading)).toBe(slug);
  });
});

describe('markdownAnchors', () => {
  it('collects ATX headings with GitHub duplicate suffixes, skips fenced code, keeps explicit anchors', () => {
    const markdown = [
      '# Runbooks',
      '## Stream silent ##',
      '```md',
      '## Inside code',
      '```',
      '## Stream silent',
      '<a id="custom-anchor"></a>',
      '#not-a-heading',
      '    ## indented code is not a heading',
    ].join('\n');
    expect([...markdownAnchors(markdown)]).toEqual(['runbooks', 'stream-silent', 'stream-silent-1', 'custom-anchor']);
  });
});

describe('parsePrometheusDuration', () => {
  it.each([
    ['0', 0],
    ['0s', 0],
    ['10s', 10_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    ['250ms', 250],
  ])('%s = %i ms', (text, ms) => {
    expect(parsePrometheusDuration(text)).toBe(ms);
  });

  it.each(['', '5 minutes', '1.5m', '30m1h', '-1s', '5'])('rejects %j', (text) => {
    expect(parsePrometheusDuration(text)).toBeUndefined();
  });
});
