import { describe, expect, it } from 'vitest';
import { camelName, kebabName, UniqueNames } from '../../src/import/names.js';

describe('import: names from titles', () => {
  it.each([
    ['Consumer lag', 'consumerLag', 'consumer-lag'],
    ['gRPC Operations', 'grpcOperations', 'grpc-operations'],
    ['OpenSearch logs (p99)', 'openSearchLogsP99', 'open-search-logs-p99'],
    ['5xx rate', 'n5xxRate', '5xx-rate'],
    ['Café — débit', 'cafeDebit', 'cafe-debit'],
  ])('%s -> %s, %s', (title, camel, kebab) => {
    expect(camelName(title, 'x')).toBe(camel);
    expect(kebabName(title, 'x')).toBe(kebab);
  });

  it('an untitled thing takes the fallback', () => {
    expect(camelName('', 'stat12')).toBe('stat12');
    expect(camelName('🔒', 'stat12')).toBe('stat12');
  });

  it('repeats become name2, name3 in the order asked, case-insensitively', () => {
    const names = new UniqueNames({ reserved: ['reserved'] });
    expect(['cpuPanel', 'cpuPanel', 'CpuPanel', 'reserved'].map((n) => names.take(n))).toEqual(['cpuPanel', 'cpuPanel2', 'CpuPanel3', 'reserved2']);
  });
});
