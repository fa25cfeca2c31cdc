import { SingleBar, Presets } from 'cli-progress';

/** A progress bar on stderr (stdout stays clean for results); silent when stderr is not a terminal. */
export interface Progress {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

export function createProgress(title: string): Progress {
  if (!process.stderr.isTTY) {
    let lastPrinted = -1;
    return {
      update(done, total, label) {
        // Without a terminal, print a line per step instead of redrawing a bar.
        if (done !== lastPrinted)
          process.stderr.write(`${title}: ${done}/${total}${label ? ` ${label}` : ''}\n`);
        lastPrinted = done;
      },
      stop() {},
    };
  }
  const bar = new SingleBar(
    { format: `${title} [{bar}] {value}/{total} {label}`, stream: process.stderr, hideCursor: true },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, label = '') {
      if (!started) bar.start(total, done, { label });
      started = true;
      bar.setTotal(total);
      bar.update(done, { label });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
