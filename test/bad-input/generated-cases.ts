import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ingestOutcome } from './file-cases';
import type { BadInputCase, ErrorExpectation } from './types';

const START = Date.UTC(2014, 1, 14, 14, 30);

/** `n` valid NAB rows, five minutes apart. */
function validRows(n: number): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const iso = new Date(START + i * 300_000).toISOString();
    rows.push(`${iso.slice(0, 10)} ${iso.slice(11, 19)},${(i % 97) / 4}`);
  }
  return rows.join('\n');
}

/** A get-metric-data result with `n` points (and `values` values). */
function result(n: number, values = n): Record<string, unknown> {
  return {
    Id: 'cpu_a',
    Label: 'i-0abc CPUUtilization',
    Timestamps: Array.from({ length: n }, (_, i) => new Date(START + i * 300_000).toISOString()),
    Values: Array.from({ length: values }, (_, i) => i % 100),
    StatusCode: 'Complete',
  };
}

interface Generated {
  readonly name: string;
  readonly expect: ErrorExpectation;
  readonly content: () => string;
}

/** Huge inputs, written at test time rather than committed (megabytes each). */
const GENERATED: readonly Generated[] = [
  {
    // 200,000 good rows and one bad one: all or nothing, so none of the good rows may be stored.
    name: 'huge-valid-rows-bad-last.csv',
    expect: { error: ['line 200002', 'value must be a finite number', 'got "abc"'] },
    content: () => `timestamp,value\n${validRows(200_000)}\n2020-01-01 00:00:00,abc\n`,
  },
  {
    name: 'huge-far-future-row-late.csv',
    expect: { error: ['line 150002', 'timestamp must be between 2000-01-01 and 2100-01-01', '9999-01-01'] },
    content: () => `timestamp,value\n${validRows(150_000)}\n9999-01-01 00:00:00,1\n`,
  },
  {
    // Two million digits parse to Infinity; the message shows the value cut short.
    name: 'huge-value-digits.csv',
    expect: { error: ['line 2', 'value must be a finite number', 'got "1111'], maxMessageLength: 400 },
    content: () => `timestamp,value\n2014-02-14 14:30:00,${'1'.repeat(2_000_000)}\n`,
  },
  {
    name: 'huge-line-without-newline.csv',
    expect: { error: ['line 1', 'header must be "timestamp,value"', 'got "xxxx'], maxMessageLength: 400 },
    content: () => 'x'.repeat(4_000_000),
  },
  {
    name: 'huge-many-columns.csv',
    expect: { error: ['line 2', 'row must have 2 columns', 'found 500001'], maxMessageLength: 400 },
    content: () => `timestamp,value\n2014-02-14 14:30:00${',1'.repeat(500_000)}\n`,
  },
  {
    name: 'huge-length-mismatch.json',
    expect: {
      error: ['MetricDataResults[0].Values length must equal Timestamps length 100000', 'got 99999'],
    },
    content: () => JSON.stringify({ MetricDataResults: [result(100_000, 99_999)] }),
  },
  {
    name: 'huge-duplicate-key-late.json',
    expect: { error: ['MetricDataResults[40] must not repeat a key', 'got "StatusCode"'] },
    content: () => {
      const results = Array.from({ length: 41 }, (_, i) => ({ ...result(2_000), Id: `cpu_${i}` }));
      return JSON.stringify({ MetricDataResults: results }).replace(
        /"StatusCode":"Complete"}\]}$/,
        '"StatusCode":"Complete","StatusCode":"PartialData"}]}',
      );
    },
  },
  {
    name: 'huge-deep-nesting.json',
    expect: { error: ['MetricDataResults[0] must be an object'], maxMessageLength: 400 },
    content: () => `{"MetricDataResults":${'['.repeat(100_001)}${']'.repeat(100_001)}}`,
  },
];

/** The generated cases; each writes its file into the scratch folder when it runs. */
export function generatedCases(): BadInputCase[] {
  return GENERATED.map((g) => ({
    kind: 'generated',
    name: g.name,
    expect: { type: 'IngestInputError', ...g.expect },
    run: (ctx) => {
      const file = path.join(ctx.tmpDir, g.name);
      writeFileSync(file, g.content());
      return ingestOutcome(ctx, file);
    },
  }));
}
