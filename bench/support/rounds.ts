import { median } from './header';

/**
 * Runs `run` `rounds` times against `db`, emptying `observations` before each round so every round
 * writes the same rows; returns the last round's count and the median seconds.
 */
export async function timeRounds(
  db: { pool: { query(sql: string): Promise<unknown> } },
  rounds: number,
  run: () => Promise<number>,
): Promise<{ points: number; seconds: number }> {
  const samples: number[] = [];
  let points = 0;
  for (let i = 0; i < rounds; i++) {
    await db.pool.query('DELETE FROM observations');
    const start = process.hrtime.bigint();
    points = await run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { points, seconds: median(samples) };
}
