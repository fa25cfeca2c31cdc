// The `metricast` command line: parse flags, load config, run one command, exit with its status.
import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config';
import { CliArgumentError } from './args';
import { ingestCommand, type IngestCommandOptions } from './commands/ingest';
import { formatStatus, statusCommand } from './commands/status';

const program = new Command('metricast').description(
  'Forecasts infrastructure metrics on Temporal and MariaDB.',
);

program
  .command('ingest')
  .description('ingest metrics from files or CloudWatch; long ranges run as a durable Temporal workflow')
  .requiredOption('--source <source>', 'file or cloudwatch')
  .option('--path <path>', 'file source: a CSV/JSON file or a folder of them')
  .option('--from <time>', 'cloudwatch source: start, ISO-8601 (UTC unless an offset is given)')
  .option('--to <time>', 'cloudwatch source: end, ISO-8601')
  .option(
    '--instances <ids>',
    'cloudwatch source: comma-separated instance ids (default: configured or discovered)',
  )
  .option('--duplicates <policy>', 'file source: reject (default) or keep-last for repeated CSV timestamps')
  .option('--direct', 'run in this process instead of as a Temporal workflow')
  .action(async (options: IngestCommandOptions) => {
    const summary = await ingestCommand(options, loadConfig());
    console.log(JSON.stringify(summary, null, 2));
  });

program
  .command('status')
  .description('are Temporal and MariaDB up; series and points per granularity')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    const report = await statusCommand(loadConfig());
    console.log(options.json ? JSON.stringify(report, null, 2) : formatStatus(report));
    if (!report.temporal.up || !report.mariadb.up) process.exitCode = 1;
  });

program.parseAsync().catch((error: unknown) => {
  // Mistakes in flags or settings get their message alone; anything else gets its stack for the bug report.
  const known =
    error instanceof CliArgumentError ||
    error instanceof ConfigError ||
    (error as Error).name === 'IngestInputError';
  console.error(known ? `metricast: ${(error as Error).message}` : error);
  process.exitCode = known ? 2 : 1;
});
