/**
 * statsforecast peers for bench:accuracy: installs the pinned requirements into the project's
 * `.venv` on first use (a stamp of the requirements' hash skips it afterwards), then runs
 * `bench/peers/statsforecast_peers.py` on a JSON request and reads its JSON answer.
 * Only the benchmark calls this; tests never install anything.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const VENV_PYTHON = join(ROOT, '.venv', 'bin', 'python');
const REQUIREMENTS = join(ROOT, 'bench', 'peers', 'requirements.txt');
const SCRIPT = join(ROOT, 'bench', 'peers', 'statsforecast_peers.py');
const STAMP = join(ROOT, '.venv', '.metricast-peers.sha256');

/** One series as the peers see it: the values, and the origins to forecast from. */
export interface PeerSeries {
  readonly name: string;
  readonly values: readonly number[];
  readonly season: number;
  readonly horizon: number;
  readonly origins: readonly number[];
  /** Origins per fit (one day of origins); `forward` in between. */
  readonly refit_every: number;
  /** Newest points a fit reads (null: the whole history). */
  readonly max_train: number | null;
  /** The same for AutoARIMA alone (its seasonal search at a season of 288 is far slower). */
  readonly max_train_arima: number | null;
  /** AutoARIMA's order search approximated, as R's auto.arima does for long seasons (absent: exact). */
  readonly arima_approximation?: boolean;
}

/** The script's answer. */
export interface PeerAnswer {
  readonly statsforecast: string;
  readonly numpy: string;
  readonly models: readonly string[];
  /** series name → model → one point forecast per origin. */
  readonly series: Readonly<Record<string, Readonly<Record<string, readonly (readonly number[])[]>>>>;
  readonly seconds: Readonly<Record<string, number>>;
  readonly failures: readonly string[];
  readonly wall_seconds: number;
}

/** Installs the pinned peer requirements into `.venv` unless the stamp says they are there. */
export function ensurePeerEnvironment(log: (line: string) => void): void {
  if (!existsSync(VENV_PYTHON)) throw new Error(`${VENV_PYTHON} is missing: run bash infra/deps.sh first`);
  const want = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === want) return;
  log('installing statsforecast peers into .venv (first use; bench/peers/requirements.txt)');
  execFileSync(
    VENV_PYTHON,
    ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', '--no-input', '-r', REQUIREMENTS],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  writeFileSync(STAMP, `${want}\n`);
}

/** The peers' answer, whether it came from the cache, and how many series shared another's fit. */
export type PeerRun = PeerAnswer & { readonly cached: boolean; readonly sharedFits: number };

/**
 * Runs the peers on `series` with `workers` processes, each distinct request once. With
 * `cacheFile`, an answer stored there for exactly the same request (same values, origins and
 * settings, by hash) is reused, and a fresh answer is stored: the peers' forecasts do not depend on
 * metricast, so re-runs that change only metricast need not wait for them. `cached` says which
 * happened.
 */
export async function runPeers(
  series: readonly PeerSeries[],
  workers: number,
  cacheFile?: string,
): Promise<PeerRun> {
  const key = createHash('sha256')
    .update(readFileSync(SCRIPT))
    .update(readFileSync(REQUIREMENTS))
    .update(JSON.stringify(series))
    .digest('hex');
  const { distinct, sameAs } = distinctPeerSeries(series);
  const sharedFits = sameAs.size;
  if (cacheFile !== undefined && existsSync(cacheFile)) {
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as { key: string; answer: PeerAnswer };
    if (stored.key === key) return { ...stored.answer, cached: true, sharedFits };
  }
  const answer = answerForEveryName(await runScript(distinct, workers), sameAs);
  if (cacheFile !== undefined) writeFileSync(cacheFile, JSON.stringify({ key, answer }));
  return { ...answer, cached: false, sharedFits };
}

/**
 * The series to fit, each request once: a file recorded hourly or coarser is read alike at both
 * granularities, so its two requests differ only in name and the peers' time would double.
 * `sameAs` maps each name left out to the name fitted for it.
 */
export function distinctPeerSeries(series: readonly PeerSeries[]): {
  readonly distinct: PeerSeries[];
  readonly sameAs: ReadonlyMap<string, string>;
} {
  const firstByRequest = new Map<string, string>();
  const distinct: PeerSeries[] = [];
  const sameAs = new Map<string, string>();
  for (const s of series) {
    const { name, ...request } = s;
    const content = JSON.stringify(request);
    const first = firstByRequest.get(content);
    if (first !== undefined) {
      sameAs.set(name, first);
      continue;
    }
    firstByRequest.set(content, name);
    distinct.push(s);
  }
  return { distinct, sameAs };
}

/** The answer with each left-out name given its twin's forecasts and failures. */
export function answerForEveryName(answer: PeerAnswer, sameAs: ReadonlyMap<string, string>): PeerAnswer {
  const series = { ...answer.series };
  const failures = [...answer.failures];
  for (const [name, fitted] of sameAs) {
    const forecasts = answer.series[fitted];
    if (forecasts !== undefined) series[name] = forecasts;
    const marker = ` on ${fitted} at origin `;
    for (const failure of answer.failures)
      if (failure.includes(marker)) failures.push(failure.replace(marker, ` on ${name} at origin `));
  }
  return { ...answer, series, failures };
}

async function runScript(series: readonly PeerSeries[], workers: number): Promise<PeerAnswer> {
  const dir = mkdtempSync(join(tmpdir(), 'metricast-peers-'));
  try {
    const request = join(dir, 'request.json');
    const answer = join(dir, 'answer.json');
    writeFileSync(request, JSON.stringify({ workers, series }));
    await new Promise<void>((done, failed) => {
      const child = spawn(VENV_PYTHON, [SCRIPT, request, answer], {
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('error', failed);
      child.on('exit', (code) =>
        code === 0 ? done() : failed(new Error(`statsforecast_peers.py exited with ${code}`)),
      );
    });
    return JSON.parse(readFileSync(answer, 'utf8')) as PeerAnswer;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
