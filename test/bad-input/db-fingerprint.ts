import type { Db } from '../../src/db';

/** Per table: `CHECKSUM TABLE` value and row count. Equal fingerprints mean the stored data is unchanged. */
export type Fingerprint = Readonly<Record<string, string>>;

/** Backtick-quotes a table name read from information_schema (test code; never user input). */
function quoteId(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** Checksums and counts every base table of the database, so a dropped, emptied or edited table shows. */
export async function fingerprint(db: Db): Promise<Fingerprint> {
  const tables = await db.pool.query<Array<{ name: string }>>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name`,
    [db.database],
  );
  const result: Record<string, string> = {};
  if (tables.length === 0) return result;
  const sums = await db.pool.query<Array<{ Table: string; Checksum: number | null }>>(
    `CHECKSUM TABLE ${tables.map((t) => quoteId(t.name)).join(', ')}`,
  );
  for (const { name } of tables) {
    const sum = sums.find((s) => s.Table === `${db.database}.${name}`)?.Checksum;
    const [count] = await db.pool.query<Array<{ n: number }>>(`SELECT COUNT(*) AS n FROM ${quoteId(name)}`);
    result[name] = `checksum=${String(sum)} rows=${Number(count?.n)}`;
  }
  return result;
}

/** Tables whose fingerprint differs (or that appeared or vanished), as `table: before → after`. */
export function diffFingerprints(before: Fingerprint, after: Fingerprint): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter((t) => before[t] !== after[t])
    .map((t) => `${t}: ${before[t] ?? 'absent'} → ${after[t] ?? 'absent'}`);
}
