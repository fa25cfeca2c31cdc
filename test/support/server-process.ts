import { spawn, type ChildProcess } from 'node:child_process';

/** A server process a test started, with the tail of its output for error messages. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
}

/** Starts `binary` with its stdout and stderr kept (the last 4,000 characters). */
export function spawnServerProcess(binary: string, args: readonly string[]): ServerProcess {
  const child = spawn(binary, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output };
}

/**
 * Polls `serving` every `intervalMs` until it says yes, for at most 60 s; fails at once, with the
 * server's output, if the process exits first.
 */
export async function waitUntilServing(
  name: string,
  server: ServerProcess,
  serving: () => Promise<boolean>,
  intervalMs: number,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.child.exitCode !== null)
      throw new Error(`${name} exited with ${server.child.exitCode}: ${server.output()}`);
    if (await serving()) return;
    if (Date.now() > deadline) throw new Error(`${name} did not answer in 60 s: ${server.output()}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Resolves once the process has exited (at once if it already has). */
export function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
