import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * Runs the real worker entry point (`src/workers/main.ts`) as a child process, so a test can
 * SIGKILL it mid-workflow exactly as a crash would, then start another.
 */
/** The last 4,000 characters each started worker process wrote, to show when it misbehaves. */
const outputs = new WeakMap<ChildProcess, () => string>();

/** What a worker process started here last wrote (stdout and stderr), or '' for another process. */
export function workerOutput(child: ChildProcess): string {
  return outputs.get(child)?.() ?? '';
}

export function startWorkerProcess(env: Record<string, string>): ChildProcess {
  // node itself with tsx as a loader, not the tsx wrapper binary: a SIGKILL must hit the process
  // that runs the worker, or the worker survives as an orphan and the test proves nothing.
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/workers/main.ts')], {
    env: { ...process.env, METRICAST_WORKER_PROMETHEUS: '', METRICAST_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  outputs.set(child, () => output);
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('exit', (code) => {
    // 143 is the graceful exit after the SIGTERM a test sends; anything else non-zero is a crash worth showing.
    if (code !== null && code !== 0 && code !== 143)
      console.error(`worker process exited with ${code}: ${output}`);
  });
  return child;
}

/** Waits until a child process has exited (after a kill). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
