/**
 * Measuring where a cycle's time goes without touching `src/`: the activities are wrapped to record
 * when each attempt ran, and the database handed to them is a switchable `Db` whose pool times every
 * `pool.query` by statement family (the forecast shard issues all of its SQL through `pool.query`).
 */
import type { Pool } from 'mariadb';
import type { Db } from '../src/db';

/** One activity attempt, in ms since the probe was reset. */
export interface Span {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/** Statement families of the shard activity; anything else is `other`. */
const FAMILIES: ReadonlyArray<readonly [string, RegExp]> = [
  ['champion lookup', /FROM model_versions WHERE id = \(SELECT model_version_id FROM model_aliases/],
  ['artifact read', /SELECT metadata, state, weights, artifact_sha256 FROM model_versions/],
  ['history read', /FROM observations WHERE series_id = \? AND ts >= \?/],
  ['series steps', /SELECT id, step_seconds FROM series/],
  ['forecast upsert', /INSERT INTO forecasts/],
];

function familyOf(sql: unknown): string {
  const inner = (sql as { sql?: unknown } | null)?.sql;
  const text = typeof sql === 'string' ? sql : typeof inner === 'string' ? inner : '';
  return FAMILIES.find(([, re]) => re.test(text))?.[0] ?? 'other';
}

/** Sum and count of `pool.query` wall time per family, and activity spans, since the last reset. */
export class Probe {
  private origin = performance.now();
  readonly spans: Span[] = [];
  readonly queries = new Map<string, { ms: number; n: number }>();
  /** Activity attempts started and not yet finished. */
  private readonly open = new Set<{ readonly name: string; readonly at: number }>();

  reset(): void {
    this.origin = performance.now();
    this.spans.length = 0;
    this.queries.clear();
  }

  /** Names of the activity attempts still running. */
  inFlight(): string[] {
    return [...this.open].map((o) => o.name);
  }

  /** Spans of the attempts still running, as if they ended now. */
  openSpans(): Span[] {
    const end = this.now();
    return [...this.open].map((o) => ({ name: o.name, start: o.at - this.origin, end }));
  }

  now(): number {
    return performance.now() - this.origin;
  }

  addQuery(family: string, ms: number): void {
    const q = this.queries.get(family) ?? { ms: 0, n: 0 };
    this.queries.set(family, { ms: q.ms + ms, n: q.n + 1 });
  }

  /** The same activities, each recording a span per attempt (failed ones too). */
  wrap<T extends object>(activities: T): T {
    const wrapped: Record<string, unknown> = {};
    for (const [name, fn] of Object.entries(activities) as Array<[string, (...a: unknown[]) => unknown]>) {
      wrapped[name] = async (...args: unknown[]) => {
        const start = this.now();
        const open = { name, at: performance.now() };
        this.open.add(open);
        try {
          return await fn(...args);
        } finally {
          this.open.delete(open);
          this.spans.push({ name, start, end: this.now() });
        }
      };
    }
    return wrapped as T;
  }

  /** A pool whose `query` is timed; every other member is the real pool's. */
  timePool(pool: Pool): Pool {
    const query = async (sql: unknown, values?: unknown): Promise<unknown> => {
      const start = performance.now();
      try {
        return await (pool.query as (s: unknown, v?: unknown) => Promise<unknown>)(sql, values);
      } finally {
        this.addQuery(familyOf(sql), performance.now() - start);
      }
    };
    return new Proxy(pool, {
      get(target, prop) {
        if (prop === 'query') return query;
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}

/**
 * A `Db` whose pool is the current database's (timed): the workers are built once, and each size
 * gets a fresh scratch database behind it.
 */
export class SwitchableDb implements Db {
  private current: { db: Db; pool: Pool } | undefined;

  constructor(private readonly probe: Probe) {}

  use(db: Db): void {
    this.current = { db, pool: this.probe.timePool(db.pool) };
  }

  /** The database behind, with its own untimed pool (for the watchdog). */
  get target(): Db {
    if (!this.current) throw new Error('SwitchableDb.target read before use()');
    return this.current.db;
  }

  get pool(): Pool {
    if (!this.current) throw new Error('SwitchableDb.pool read before use()');
    return this.current.pool;
  }

  get database(): string {
    return this.current?.db.database ?? '';
  }
}
