import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');

/** A real metricast process whose whole output (stdout and stderr) is kept for scanning. */
export interface WatchedProcess {
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves once the output contains `text` (rejects after `timeoutMs` or on exit). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code. */
  exited(): Promise<number | null>;
}

/** Starts `args` (a node script through tsx, or bin/metricast) from the repo root with `env` added. */
export function startProcess(
  command: 'node-tsx' | 'cli',
  args: string[],
  env: Record<string, string>,
): WatchedProcess {
  const [file, argv] =
    command === 'cli'
      ? [path.join(REPO, 'bin/metricast'), args]
      : [process.execPath, ['--import', 'tsx', ...args.map((a) => path.join(REPO, a))]];
  const child = spawn(file, argv, {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const keep = (chunk: Buffer) => {
    text += chunk.toString();
    for (const l of listeners) l();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    exited: () => exit,
    waitFor(pattern, timeoutMs = 120_000) {
      const seen = () => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
      return new Promise((resolve, reject) => {
        if (seen()) return resolve();
        const timer = setTimeout(
          () => done(new Error(`no ${String(pattern)} within ${timeoutMs} ms:\n${text.slice(-3000)}`)),
          timeoutMs,
        );
        const check = () => seen() && done();
        const done = (error?: Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        };
        listeners.add(check);
        void exit.then(
          (code) =>
            !seen() &&
            done(new Error(`exited with ${code} before ${String(pattern)}:\n${text.slice(-3000)}`)),
        );
      });
    },
  };
}

/** Stops a process with SIGTERM (its graceful path) and waits for it. */
export async function stop(p: WatchedProcess): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  await p.exited();
}
