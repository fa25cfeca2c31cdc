import type { Command } from 'commander';
import { loadConfig } from '../../config';
import {
  alertListCommand,
  formatAlerts,
  formatLimits,
  limitDeleteCommand,
  limitListCommand,
  limitSetCommand,
  type AlertListOptions,
  type LimitSetOptions,
} from './alerts';

/** `metricast alerts limits set|list|delete` and `metricast alerts list`, on `program`. */
export function registerAlertsCommands(program: Command): void {
  const alerts = program.command('alerts').description('early warning of overload: alert limits and alerts');
  const limits = alerts.command('limits').description('the limits forecasts and actuals are checked against');
  limits
    .command('set')
    .description('set a limit; the same series or metric, direction and basis again updates it in place')
    .option('--series <id>', 'the series the limit applies to')
    .option('--metric <pattern>', 'or every series of a metric name (* as wildcard), e.g. CPUUtilization')
    .option('--above <n>', 'alert when the compared value reaches n or more')
    .option('--below <n>', 'alert when the compared value falls to n or less')
    .option('--basis <basis>', 'point, upper80, upper95 (default), lower80 or lower95')
    .option('--no-actuals', 'check forecasts only, not the newest observation')
    .option(
      '--cooldown-minutes <n>',
      'quiet time after a resolve before the alert may open again (default 60)',
    )
    .option('--disable', 'store the limit disabled')
    .action(async (options: LimitSetOptions) => {
      console.log(JSON.stringify(await limitSetCommand(options, loadConfig()), null, 2));
    });
  limits
    .command('list')
    .description('list the limits')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const found = await limitListCommand(loadConfig());
      console.log(options.json ? JSON.stringify(found, null, 2) : formatLimits(found));
    });
  limits
    .command('delete <id>')
    .description('delete a limit; its open alerts resolve at the next cycle')
    .action(async (id: string) => {
      const deleted = await limitDeleteCommand(id, loadConfig());
      console.log(deleted ? `deleted limit ${id}` : `no limit ${id}`);
      if (!deleted) process.exitCode = 1;
    });
  alerts
    .command('list')
    .description('list alerts, newest first')
    .option('--series <id>', 'only this series')
    .option('--state <state>', 'open or resolved')
    .option('--limit <n>', 'at most n (default 50)')
    .option('--json', 'print JSON')
    .action(async (options: AlertListOptions & { json?: boolean }) => {
      const found = await alertListCommand(options, loadConfig());
      console.log(options.json ? JSON.stringify(found, null, 2) : formatAlerts(found));
    });
}
