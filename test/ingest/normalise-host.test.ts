import assert from 'node:assert/strict';
import { IngestInputError, normaliseHost } from '../../src/ingest';

describe('ingest/normaliseHost', () => {
  const cases: [string, string[], string][] = [
    ['  Web-01.Example.com  ', [], 'web-01'],
    ['web-01.example.com.', [], 'web-01'],
    ['ip-10-0-0-12.ec2.internal', [], 'ip-10-0-0-12'],
    ['DB', [], 'db'],
    ['10.0.0.12', [], '10.0.0.12'],
    ['10.0.0.12', ['.0.12'], '10.0.0.12'],
    ['2001:DB8::1', [], '2001:db8::1'],
    ['I-0123456789ABCDEF0', [], 'i-0123456789abcdef0'],
    ['i-a2eb1cd9', [], 'i-a2eb1cd9'],
    ['ip-10-0-0-12.ec2.internal', ['.ec2.internal'], 'ip-10-0-0-12'],
    ['db1.eu.example.com', ['.example.com'], 'db1.eu'],
    ['db1.eu.example.com', ['example.com', 'eu.example.com'], 'db1'],
    ['db1.eu.example.com.', ['.EXAMPLE.COM.'], 'db1.eu'],
    ['db1.other.org', ['.example.com'], 'db1.other.org'],
    ['example.com', ['.example.com'], 'example.com'],
  ];
  for (const [name, suffixes, expected] of cases) {
    it(`${JSON.stringify(name)} with [${suffixes.join(', ')}] → ${expected}`, () => {
      assert.equal(normaliseHost(name, suffixes), expected);
    });
  }

  it('rejects an empty name', () => {
    assert.throws(
      () => normaliseHost(' . '),
      (e: unknown) => e instanceof IngestInputError && e.message === 'host must not be empty, got " . "',
    );
  });
});
