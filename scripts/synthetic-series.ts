/**
 * `npm run synthetic:series -- --out <dir> [--count N] [--days D] [--step-minutes M] [--seed S]`:
 * writes reproducible synthetic infrastructure-like series (the generator the global model is
 * pretrained on: level, trend, daily and weekly shapes, AR noise, spikes, level shifts) as
 * `timestamp,value` CSVs, so `npm run bench:accuracy -- --data <dir>` can check a policy on series
 * nobody chose. Use a seed other than the pretraining one (2024), or the global model has seen them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { syntheticSeries } from '../src/forecast';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    count: { type: 'string', default: '12' },
    days: { type: 'string', default: '14' },
    'step-minutes': { type: 'string', default: '5' },
    seed: { type: 'string', default: '7' },
  },
});

function positive(flag: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`--${flag} must be a positive integer, got ${text}`);
  return value;
}

if (args.out === undefined) throw new Error('--out <dir> is required');
const stepMs = positive('step-minutes', args['step-minutes']) * 60_000;
const length = Math.round((positive('days', args.days) * 86_400_000) / stepMs);
const series = syntheticSeries({
  count: positive('count', args.count),
  length,
  stepMs,
  seed: positive('seed', args.seed),
});
mkdirSync(args.out, { recursive: true });
series.forEach((s, i) => {
  const rows = s.values.map((v, t) => `${new Date(s.start + t * stepMs).toISOString()},${v}`);
  writeFileSync(
    join(args.out as string, `synthetic_${String(i).padStart(2, '0')}.csv`),
    `timestamp,value\n${rows.join('\n')}\n`,
  );
});
console.log(
  `${series.length} series of ${length} points every ${stepMs / 60_000} min written to ${args.out}`,
);
