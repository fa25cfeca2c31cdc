import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IngestInputError, parseCsv, parseCsvPoints } from '../../src/ingest';
import { FIXTURES, nabDir } from './support/paths';

function fixture(name: string): { file: string; text: string } {
  const file = path.join(FIXTURES, 'csv', name);
  return { file, text: readFileSync(file, 'utf8') };
}

/** Parses a fixture expecting an IngestInputError, and returns it. */
function rejection(name: string): IngestInputError {
  const { file, text } = fixture(name);
  try {
    parseCsvPoints(text, file);
  } catch (error) {
    assert.ok(error instanceof IngestInputError, `expected IngestInputError, got ${String(error)}`);
    assert.equal(error.file, file);
    assert.ok(error.message.startsWith(`${file} line ${error.line}: `), error.message);
    return error;
  }
  assert.fail(`${name} parsed without error`);
}

describe('ingest/parseCsv', () => {
  it('parses a bundled NAB file to 4032 sorted UTC points with a key from its name', () => {
    const file = path.join(nabDir(), 'ec2_cpu_utilization_24ae8d.csv');
    const series = parseCsv(readFileSync(file, 'utf8'), file);
    assert.equal(series.points.length, 4032);
    assert.deepEqual(series.points[0], { t: Date.UTC(2014, 1, 14, 14, 30), v: 0.132 });
    assert.deepEqual(series.points.at(-1), { t: Date.UTC(2014, 1, 28, 14, 25), v: 0.134 });
    assert.ok(series.points.every((p, i) => i === 0 || p.t > series.points[i - 1]!.t));
    assert.deepEqual(series.key, {
      source: 'file',
      namespace: 'AWS/EC2',
      metric: 'CPUUtilization',
      dimensions: { InstanceId: '24ae8d' },
      host: '24ae8d',
      site: '',
      unit: 'Percent',
    });
  });

  it('accepts NAB, ISO-8601 with Z or offset, epoch seconds and ms, CRLF and a trailing blank line', () => {
    const { file, text } = fixture('mixed-formats.csv');
    const base = Date.UTC(2014, 1, 14, 14, 30);
    const min = 60_000;
    assert.deepEqual(parseCsvPoints(text, file), [
      { t: base, v: 1.5 },
      { t: base + 5 * min, v: 2 },
      { t: base + 10 * min, v: -3.25 },
      { t: base + 15 * min, v: 400 },
      { t: base + 20 * min, v: 5 },
      { t: base + 25 * min + 250, v: 0 },
    ]);
  });

  it('gives an empty series for a header without rows', () => {
    const { file, text } = fixture('header-only.csv');
    assert.deepEqual(parseCsvPoints(text, file), []);
  });

  const cases: { name: string; line: number; field: string; value: string; says: string }[] = [
    {
      name: 'bad-timestamp.csv',
      line: 7,
      field: 'timestamp',
      value: '2014-02-14 14:5:00',
      says: 'timestamp must be "YYYY-MM-DD HH:MM:SS" (UTC)',
    },
    {
      name: 'non-numeric.csv',
      line: 3,
      field: 'value',
      value: 'abc',
      says: 'value must be a finite number, got "abc"',
    },
    {
      name: 'infinity.csv',
      line: 4,
      field: 'value',
      value: 'Infinity',
      says: 'value must be a finite number, got "Infinity"',
    },
    {
      name: 'duplicate.csv',
      line: 4,
      field: 'timestamp',
      value: '2014-02-14 14:35:00',
      says: 'must not repeat line 3',
    },
    {
      name: 'out-of-order.csv',
      line: 4,
      field: 'timestamp',
      value: '2014-02-14 14:35:00',
      says: 'must be later than line 3',
    },
    {
      name: 'wrong-columns.csv',
      line: 3,
      field: 'row',
      value: '2014-02-14 14:35:00,2,7',
      says: 'must have 2 columns (timestamp,value), found 3',
    },
    { name: 'missing-column.csv', line: 3, field: 'row', value: '2014-02-14 14:35:00', says: 'found 1' },
    {
      name: 'empty.csv',
      line: 1,
      field: 'header',
      value: '',
      says: 'header must be "timestamp,value" (the file has no header or is empty), got ""',
    },
    {
      name: 'missing-header.csv',
      line: 1,
      field: 'header',
      value: '2014-02-14 14:30:00,1.5',
      says: 'header must be "timestamp,value", got "2014-02-14 14:30:00,1.5"',
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.name}, naming file, line ${c.line}, ${c.field} and value`, () => {
      const error = rejection(c.name);
      assert.equal(error.line, c.line);
      assert.equal(error.field, c.field);
      assert.equal(error.value, c.value);
      assert.ok(error.message.includes(c.says), error.message);
      assert.ok(error.message.includes(JSON.stringify(c.value)), error.message);
    });
  }

  it('reads like "<file> line N: value must be a finite number, got "abc""', () => {
    const error = rejection('non-numeric.csv');
    assert.equal(
      error.message,
      `${path.join(FIXTURES, 'csv', 'non-numeric.csv')} line 3: value must be a finite number, got "abc"`,
    );
    assert.equal(error.name, 'IngestInputError');
  });

  it('rejects values Number() would accept but are not decimal numbers', () => {
    for (const value of ['0x1F', '', ' ', 'NaN', '1_000', '1e', '--1']) {
      assert.throws(
        () => parseCsvPoints(`timestamp,value\n2014-02-14 14:30:00,${value}\n`, 'x.csv'),
        IngestInputError,
        value,
      );
    }
  });

  it('rejects impossible calendar dates and times', () => {
    for (const ts of [
      '2014-02-30 00:00:00',
      '2013-02-29 00:00:00',
      '2014-13-01 00:00:00',
      '2014-01-01 24:00:00',
      '2014-01-01 00:60:00',
      '2014-01-01T00:00:00+25:00',
      '2014-01-01 00:00:00 UTC',
    ]) {
      assert.throws(
        () => parseCsvPoints(`timestamp,value\n${ts},1\n`, 'x.csv'),
        /x\.csv line 2: timestamp must be/,
        ts,
      );
    }
    assert.deepEqual(parseCsvPoints('timestamp,value\n2016-02-29 23:59:59,1\n', 'x.csv'), [
      { t: Date.UTC(2016, 1, 29, 23, 59, 59), v: 1 },
    ]);
  });

  it('with duplicates: keep-last collapses repeated timestamps to the last row (the bundled DST artefact)', () => {
    const { file, text } = fixture('duplicate.csv');
    const t0 = Date.UTC(2014, 1, 14, 14, 30);
    assert.deepEqual(parseCsvPoints(text, file, { duplicates: 'keep-last' }), [
      { t: t0, v: 1.5 },
      { t: t0 + 300_000, v: 2.5 },
    ]);
    const nab = path.join(nabDir(), 'ec2_network_in_5abac7.csv');
    const series = parseCsv(readFileSync(nab, 'utf8'), nab, { duplicates: 'keep-last' });
    assert.equal(series.points.length, 4730 - 11);
    assert.throws(() => parseCsv(readFileSync(nab, 'utf8'), nab), /line \d+: timestamp must not repeat/);
  });

  it('keeps rejecting out-of-order rows under keep-last', () => {
    const { file, text } = fixture('out-of-order.csv');
    assert.throws(() => parseCsvPoints(text, file, { duplicates: 'keep-last' }), /must be later than line 3/);
  });
});
