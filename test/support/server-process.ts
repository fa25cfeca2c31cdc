import { spawn, type ChildProcess } from 'node:child_process';

/** A server process a test started, with the tail of its output for error messages. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
}

const KEPT_CHARS = 4000;

/**
 * Starts `binary` with its stdout and stderr kept: the first and the last 4,000 characters, as a
 * Go panic names its cause at the top and a stack of many kilobytes follows.
 */
export function spawnServerProcess(binary: string, args: readonly string[]): ServerProcess {
  const child = spawn(binary, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let head = '';
  let tail = '';
  let dropped = false;
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    const room = KEPT_CHARS - head.length;
    head += text.slice(0, Math.max(room, 0));
    const rest = text.slice(Math.max(room, 0));
    if (!rest) return;
    dropped ||= tail.length + rest.length > KEPT_CHARS;
    tail = (tail + rest).slice(-KEPT_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => (dropped ? `${head}\n[...]\n${tail}` : head + tail) };
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
