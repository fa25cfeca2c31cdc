// Entry point: applies the schema migrations to the configured database (infra/up.sh runs it).
import { loadConfig } from '../config';
import { migrate } from './migrate';

async function main(): Promise<void> {
  const config = loadConfig();
  const result = await migrate(config.db);
  const what = result.applied.length > 0 ? `applied ${result.applied.join(', ')}` : 'schema up to date';
  console.log(`migrations: ${what} (database ${config.db.database} at ${config.db.host}:${config.db.port})`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
