import { describe, expect, it } from 'vitest';
import { parsePromql, substituteVariables } from '../../src/validate/index.js';
import { promqlInVariableQuery } from '../../src/validate/promql/collect-promql.js';

describe('substituteVariables', () => {
  it.each([
    ['rate(x[$__rate_interval])', 'rate(x[1m])'],
    ['rate(x[${__interval}])', 'rate(x[1m])'],
    ['increase(x[$__range]) / $__range_s', 'increase(x[1m]) / 60'],
    ['x{env=~"$env|${env:regex}|[[env]]"}', 'x{env=~"$env|${env:regex}|[[env]]"}'],
    ['sum by ($group, [[other]]) (x)', 'sum by (grafana_variable, grafana_variable) (x)'],
    ['x offset $shift', 'x offset 1m'],
    ['x > $threshold', 'x > 1'],
    ['$metric{job="a"}', 'grafana_variable{job="a"}'],
    ['x[[[window]]]', 'x[1m]'],
    ['x{a="\\"$b"} + $c', 'x{a="\\"$b"} + 1'],
  ])('%s -> %s', (input, output) => {
    expect(substituteVariables(input).text).toBe(output);
  });

  it('maps every substituted offset back to where the variable starts in the original', () => {
    const { text, originalOffset } = substituteVariables('rate(x[$__rate_interval]) + y');
    expect(text).toBe('rate(x[1m]) + y');
    expect(originalOffset[text.indexOf('1m')]).toBe(7);
    expect(originalOffset[text.indexOf('y')]).toBe('rate(x[$__rate_interval]) + y'.indexOf('y'));
    expect(originalOffset).toHaveLength(text.length + 1);
  });
});

describe('parsePromql', () => {
  it('flags the raw `[$__rate_interval]` lezer-promql rejects, but not after substitution', () => {
    expect(parsePromql('rate(k2_x[$__rate_interval])')).toEqual({ metricNames: ['k2_x'] });
  });

  it.each([
    ['sum(rate(x[5m]) by (job)', 1, 17, 'unexpected "by"'],
    ['rate(x[$__rate_interval]) +', 1, 28, 'unexpected end of expression'],
    ['x +\n  ) y', 2, 3, 'unexpected ")"'],
    ['   ', 1, 1, 'empty expression'],
  ])('%j: error at line %i column %i', (expr, line, column, message) => {
    expect(parsePromql(expr).error).toEqual({ line, column, message });
  });

  it.each([
    ['rate(x)', 6, 'function "rate" needs a range vector here: add a range such as [$__rate_interval]'],
    ['quantile_over_time(0.5, x)', 25, 'function "quantile_over_time" needs a range vector here: add a range such as [$__rate_interval]'],
    ['sum(x[5m])', 5, 'a range vector is not allowed here: only functions such as rate() or *_over_time() take one'],
    ['x[5m]', 1, 'the query returns a range vector: Grafana needs an instant vector, e.g. rate(...) over it'],
    ['(x + y)[5m]', 8, 'a [range] applies to a metric selector only: use a subquery [range:step] for expressions'],
  ])('%j: range-vector type error at column %i', (expr, column, message) => {
    expect(parsePromql(expr)).toMatchObject({ typeError: { line: 1, column, message } });
  });

  it('reports an unknown function by name', () => {
    expect(parsePromql('rat(x[5m])').error).toEqual({ line: 1, column: 1, message: 'unknown function "rat"' });
  });

  it('names metrics from selectors, quoted names and __name__ equality, once each and in order', () => {
    const parsed = parsePromql('a + on(job) {"b", job="x"} + {__name__="c"} + a + {__name__=~"d.*"} + count(e offset 5m)');
    expect(parsed).toEqual({ metricNames: ['a', 'b', 'c', 'e'] });
  });

  it('ignores functions, label names, strings and variable-supplied names', () => {
    expect(parsePromql('label_replace(sum by (job) (rate($m[5m])), "dst", "$1", "src", "(.*)") * on(x) group_left(y) vector(1)'))
      .toEqual({ metricNames: [] });
  });
});

describe('promqlInVariableQuery', () => {
  it.each([
    ['label_values(k2_x{a="b,c"}, service)', { expr: 'k2_x{a="b,c"}', columnOffset: 13 }],
    ['query_result(max(k2_x))', { expr: 'max(k2_x)', columnOffset: 13 }],
    ['label_values(service)', undefined],
    ['label_names()', undefined],
    ['metrics(k2_.*)', undefined],
  ])('%s', (query, expected) => {
    expect(promqlInVariableQuery(query)).toEqual(expected);
  });
});
