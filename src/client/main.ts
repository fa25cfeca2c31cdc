// The `metricast` command line: parse flags, load config, run one command, exit with its status.
import { ApplicationFailure } from '@temporalio/common';
import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config';
import { CliArgumentError } from './args';
import { ingestCommand, type IngestCommandOptions } from './commands/ingest';
import { backfillCommand, type BackfillCommandOptions } from './commands/backfill';
import { formatStatus, statusCommand } from './commands/status';
import { scheduleEnsureCommand } from './commands/schedule';
import { retrainCommand, type RetrainCommandOptions } from './commands/retrain';
import { formatTokens, tokenCreateCommand, tokenListCommand, tokenRevokeCommand } from './commands/token';
import { registerAlertsCommands } from './commands/alerts-cli';
import { DemoError, demoBackfillCommand, demoStartCommand } from './commands/demo';

const program = new Command('metricast').description(
  'Forecasts infrastructure metrics on Temporal and MariaDB.',
);

program
  .command('ingest')
  .description(
    'ingest metrics from files, CloudWatch or Prometheus; long ranges run as a durable Temporal workflow',
  )
  .requiredOption(
    '--source <source>',
    'file, cloudwatch, prometheus, or replay (demo mode: the bundled files shifted to now)',
  )
  .option('--path <path>', 'file source: a CSV/JSON file or a folder of them')
  .option(
    '--from <time>',
    'cloudwatch, prometheus and replay sources: start, ISO-8601 (UTC unless an offset is given)',
  )
  .option('--to <time>', 'cloudwatch, prometheus and replay sources: end, ISO-8601')
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

program
  .command('backfill')
  .description('replay a range hour by hour as the live system would have lived it (durable, resumable)')
  .requiredOption('--from <time>', 'first hour, ISO-8601 (UTC unless an offset is given)')
  .requiredOption('--to <time>', 'end (exclusive), ISO-8601')
  .option('--granularity <g>', '1h (default), 5m, or 1h,5m for both in one cycle per hour')
  .option('--detach', 'start it and return; follow it in the Temporal Web UI')
  .action(async (options: BackfillCommandOptions) => {
    const result = await backfillCommand(options, loadConfig());
    console.log(typeof result === 'string' ? result : JSON.stringify(result, null, 2));
  });

program
  .command('schedule')
  .description('manage the Temporal Schedule of the hourly forecast cycle')
  .command('ensure')
  .description('create the hourly forecast-cycle schedule, or update it in place (idempotent)')
  .option('--offset-minutes <n>', 'minutes past the hour the cycle starts (default 5)')
  .action(async (options: { offsetMinutes?: string }) => {
    console.log(await scheduleEnsureCommand(options, loadConfig()));
  });

program
  .command('retrain')
  .description('retrain series now, whatever their accuracy: a request to the model-manager workflow')
  .requiredOption('--series <ids|substring>', 'comma-separated series ids, or a substring of series names')
  .option('--kinds <kinds>', "comma-separated model kinds to train (default: the manager's)")
  .requiredOption('--reason <text>', 'why, stored with the retrain decision')
  .action(async (options: RetrainCommandOptions) => {
    console.log(JSON.stringify(await retrainCommand(options, loadConfig()), null, 2));
  });

const demo = program
  .command('demo')
  .description('the living demo (demo.replay): the bundled series shifted to now and replayed hour by hour');
demo
  .command('start')
  .description(
    'record the demo start (once), ingest the shifted history up to this hour; the hourly cycle replays the rest',
  )
  .option('--reset', "delete the database's data first (schema and API tokens stay)")
  .action(async (options: { reset?: boolean }) => {
    const report = await demoStartCommand(options, loadConfig());
    console.log(JSON.stringify(report, null, 2));
  });
demo
  .command('backfill')
  .description(
    'replay the hours before the demo start as cycles: first champions, forecasts, reconciled records',
  )
  .option('--detach', 'start it and return; follow it in the Temporal Web UI')
  .action(async (options: { detach?: boolean }) => {
    const result = await demoBackfillCommand(options, loadConfig());
    console.log(typeof result === 'string' ? result : JSON.stringify(result, null, 2));
  });

registerAlertsCommands(program);

const token = program.command('token').description('API tokens: create (printed once), list, revoke');
token
  .command('create')
  .description('create an API token; it is printed once and only its sha256 is stored')
  .requiredOption('--name <name>', 'who or what holds it (letters, digits, ._@-)')
  .requiredOption('--scope <scope>', 'read, push (also posts external predictions) or admin (also retrains)')
  .action(async (options: { name?: string; scope?: string }) => {
    const created = await tokenCreateCommand(options, loadConfig());
    console.error(`token: created "${created.name}" (${created.scope}); store it now, it is not shown again`);
    console.log(created.token);
  });
token
  .command('list')
  .description('list tokens (names, scopes, when created and revoked; never the tokens)')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    const tokens = await tokenListCommand(loadConfig());
    console.log(options.json ? JSON.stringify(tokens, null, 2) : formatTokens(tokens));
  });
token
  .command('revoke')
  .description('revoke the live token of a name')
  .requiredOption('--name <name>', 'the token name')
  .action(async (options: { name?: string }) => {
    const result = await tokenRevokeCommand(options, loadConfig());
    console.log(JSON.stringify(result));
    if (result.revoked === 0) console.error(`token: no live token named "${result.name}"`);
  });

program.parseAsync().catch((error: unknown) => {
  // Mistakes in flags or settings get their message alone; anything else gets its stack for the bug report.
  const known =
    error instanceof CliArgumentError ||
    error instanceof ConfigError ||
    error instanceof DemoError ||
    (error as Error).name === 'IngestInputError' ||
    (error as Error).name === 'ApiTokenError' ||
    (error as Error).name === 'AlertLimitError' ||
    // The --direct path calls activities, which wrap bad input in a non-retryable failure.
    (error instanceof ApplicationFailure && error.type === 'IngestInputError');
  console.error(known ? `metricast: ${(error as Error).message}` : error);
  process.exitCode = known ? 2 : 1;
});
