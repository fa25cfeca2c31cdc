/**
 * A per-worker cache of loaded models, keyed by model version id, so the hourly cycle does not rebuild
 * every champion from its artifact every hour. Rebuilding costs an artifact read, a sha256 check and a
 * tfjs network build (the LSTM's runs an orthogonal initializer only to overwrite it), and it leaks:
 * tfjs-layers keeps every variable name it ever made in a module-level map (`getUniqueTensorName`),
 * about 0.7 KB (dense) to 1.5 KB (LSTM) per load that no `dispose()` returns. A version's artifact never
 * changes, so a cached model stays right until it is evicted; the shard still reads the aliases every
 * cycle (a batch at a time), so a promotion is served at once and the retired version ages out.
 *
 * Models are leased: an evicted model still in use by another activity is disposed when released.
 * One cache serves one database: version ids are only unique within it.
 */
import type { ModelVersionId } from '../shared';
import type { LoadedModel } from './issue';

/** A model to use until `release()`; it must not be disposed by the holder. */
export interface ModelLease {
  readonly model: LoadedModel;
  release(): void;
}

export interface ChampionCacheStats {
  readonly size: number;
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
}

interface Entry {
  readonly loading: Promise<LoadedModel>;
  /** Set once loaded, so eviction can dispose it at once. */
  model?: LoadedModel;
  users: number;
  /** Out of the map: disposed once the last user releases it. */
  evicted: boolean;
  /** Value of the acquisition counter at its last use. */
  lastUse: number;
}

/**
 * A full cache admits a new model only by evicting one idle for this many times its capacity in
 * acquisitions. The cycle visits every series once an hour in the same order: plain LRU with fewer
 * slots than series would evict each model just before its next use and never hit, whereas this keeps
 * a resident set that hits while models beyond it load uncached, and lets retired versions age out.
 */
const IDLE_FACTOR = 2;

export class ChampionCache {
  /** Least recently used first (a `Map` iterates in insertion order; a hit re-inserts). */
  private readonly entries = new Map<ModelVersionId, Entry>();
  private clock = 0;
  private hits = 0;
  private misses = 0;
  private evictions = 0;

  /** @param maxModels models kept loaded at most; 0 caches nothing (every lease loads and disposes). */
  constructor(readonly maxModels: number) {
    if (!(Number.isSafeInteger(maxModels) && maxModels >= 0))
      throw new RangeError(`championCache.maxModels must be an integer >= 0, got ${maxModels}`);
  }

  /** Leases the model of `versionId`, calling `load` on a miss; concurrent misses load it once. */
  async acquire(versionId: ModelVersionId, load: () => Promise<LoadedModel>): Promise<ModelLease> {
    this.clock++;
    let entry = this.entries.get(versionId);
    if (entry) {
      this.hits++;
      this.entries.delete(versionId);
      this.entries.set(versionId, entry);
    } else {
      this.misses++;
      entry = { loading: load(), users: 0, evicted: true, lastUse: this.clock };
      if (this.makeRoom()) {
        entry.evicted = false;
        this.entries.set(versionId, entry);
      }
    }
    entry.users++;
    entry.lastUse = this.clock;
    try {
      entry.model = await entry.loading;
      return this.leaseOf(entry, entry.model);
    } catch (error) {
      entry.users--;
      if (this.entries.get(versionId) === entry) this.entries.delete(versionId);
      throw error;
    }
  }

  /** Whether `versionId` is loaded or loading (a batch reads the artifacts of the others at once). */
  has(versionId: ModelVersionId): boolean {
    return this.entries.has(versionId);
  }

  /** The loaded model of `versionId` without leasing it, or undefined when absent or still loading. */
  peek(versionId: ModelVersionId): LoadedModel | undefined {
    return this.entries.get(versionId)?.model;
  }

  /** Disposes every model not in use and forgets all; models in use are disposed when released. */
  clear(): void {
    for (const [id] of this.entries) this.evict(id);
  }

  stats(): ChampionCacheStats {
    return { size: this.entries.size, hits: this.hits, misses: this.misses, evictions: this.evictions };
  }

  private leaseOf(entry: Entry, model: LoadedModel): ModelLease {
    let released = false;
    return {
      model,
      release: () => {
        if (released) return;
        released = true;
        entry.users--;
        if (entry.evicted && entry.users === 0) model.forecaster.dispose();
      },
    };
  }

  /** Whether one more model fits, after evicting the least recently used one if it has been idle long enough. */
  private makeRoom(): boolean {
    if (this.maxModels === 0) return false;
    if (this.entries.size < this.maxModels) return true;
    const [oldestId, oldest] = this.entries.entries().next().value ?? [];
    if (oldestId === undefined || oldest === undefined) return false;
    if (this.clock - oldest.lastUse < IDLE_FACTOR * this.maxModels) return false;
    this.evict(oldestId);
    return true;
  }

  private evict(versionId: ModelVersionId): void {
    const entry = this.entries.get(versionId);
    if (!entry) return;
    this.entries.delete(versionId);
    entry.evicted = true;
    this.evictions++;
    // An entry without users has finished loading (users count from the first, synchronous, step of `acquire`).
    if (entry.users === 0) entry.model?.forecaster.dispose();
  }
}
