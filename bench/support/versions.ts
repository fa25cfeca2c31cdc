/** Versions of the services the cycle and soak benchmarks run against, for their headers. */
import { execFileSync } from 'node:child_process';
import * as mariadb from 'mariadb';
import { temporalBinary } from '../../test/support/temporal-env';
import { baseDbSettings } from '../../test/support/test-db';
import { packageVersion } from './header';

/** Server version, driver version and InnoDB buffer pool size of the configured MariaDB. */
export async function mariadbVersions(): Promise<string> {
  const conn = await mariadb.createConnection({ ...baseDbSettings(), database: undefined });
  try {
    const [row] = await conn.query<Array<{ v: string; pool: bigint | number }>>(
      'SELECT VERSION() AS v, @@innodb_buffer_pool_size AS pool',
    );
    const poolMib = Number(row?.pool ?? NaN) / 2 ** 20;
    return `server ${row?.v ?? '?'}, driver ${mariadb.version}; InnoDB buffer pool ${poolMib.toFixed(0)} MiB`;
  } finally {
    await conn.end();
  }
}

/** The Temporal SDK and the dev server binary the harness starts. */
export function temporalVersions(): string {
  const cli = execFileSync(temporalBinary(), ['--version']).toString().trim();
  return `sdk ${packageVersion('@temporalio/worker')}, ${cli}`;
}
