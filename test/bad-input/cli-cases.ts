import { spawn } from 'node:child_process';
import path from 'node:path';
import { readExpectations } from './file-cases';
import type { BadInputCase, CorpusContext, ErrorExpectation, Outcome } from './types';

interface CliCase extends ErrorExpectation {
  readonly args: readonly string[];
}

const REPO = path.resolve(__dirname, '../..');

/** `bin/metricast` invocations from `corpus/cli/cases.json`, run as real processes from the repo root. */
export function cliCases(): BadInputCase[] {
  const cases = readExpectations<CliCase>('cli', 'cases.json');
  return Object.entries(cases).map(([name, c]) => ({
    kind: 'cli',
    name,
    expect: { exitCode: 2, ...c },
    run: (ctx) => runCli(ctx, c),
  }));
}

function runCli(ctx: CorpusContext, c: CliCase): Promise<Outcome> {
  const env = {
    ...process.env,
    // The test database, no config file from the working directory, and a Temporal nobody listens on:
    // every case must be refused before anything is started.
    METRICAST_DB_DATABASE: ctx.database,
    METRICAST_CONFIG: '',
    METRICAST_TEMPORAL_ADDRESS: '127.0.0.1:1',
    ...c.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(REPO, 'bin/metricast'), [...c.args], { cwd: REPO, env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(
        code === 0
          ? { kind: 'accepted', detail: output }
          : { kind: 'error', message: output, exitCode: code ?? -1 },
      );
    });
  });
}
