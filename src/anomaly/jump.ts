/**
 * The likelihood detector's jump memory: HTM's new-extreme check applied to one-point changes
 * |x_i − x_{i−1}| instead of values. A change larger than every change of the last week is a new
 * extreme of the series' movement, even when the value stays inside the range seen (a spike to
 * the middle of a quiet metric's range, a step between two levels it has held before). Only the
 * largest change of each clock hour is kept, 168 numbers, so the stored state stays small and
 * does not grow with the step.
 */

const HOUR_MS = 3_600_000;
/** Hours of changes remembered: a week. */
export const JUMP_HOURS = 168;

/** Plain numbers, stored as JSON with the rest of the detector's state. */
export interface JumpMemory {
  /** The newest hour (epoch hours) with a change; −Infinity while empty. */
  hour: number;
  /** The first hour with a change: the memory judges once a full week lies behind it. */
  first: number;
  /** Largest change per hour, ring at hour % 168 (0 for an hour without a change). */
  largest: number[];
}

export function newJumpMemory(): JumpMemory {
  return { hour: -Infinity, first: -Infinity, largest: new Array<number>(JUMP_HOURS).fill(0) };
}

const slot = (hour: number): number => ((hour % JUMP_HOURS) + JUMP_HOURS) % JUMP_HOURS;

/**
 * Records `change` (≥ 0), made by the point at time `t` (epoch ms, not earlier than the last
 * one), and returns it over the largest change of the last 168 hours, this hour's earlier ones
 * included: above 1 for a change beyond all of them. 0 until a full week is remembered, so a new
 * series, or a state from before the memory existed, first learns a week. Mutates `memory`.
 */
export function jumpRatio(memory: JumpMemory, change: number, t: number): number {
  const hour = Math.floor(t / HOUR_MS);
  if (memory.hour === -Infinity) {
    memory.first = hour;
    memory.hour = hour;
  }
  // Hours since the newest one (a gap included) start empty: their slots held hours a week ago.
  for (let h = memory.hour + 1; h <= Math.min(hour, memory.hour + JUMP_HOURS); h++)
    memory.largest[slot(h)] = 0;
  memory.hour = Math.max(memory.hour, hour);
  let ratio = 0;
  if (hour - memory.first >= JUMP_HOURS) {
    let largest = 0;
    for (const c of memory.largest) largest = Math.max(largest, c);
    ratio = change / Math.max(largest, 1e-12);
  }
  const s = slot(hour);
  memory.largest[s] = Math.max(memory.largest[s] as number, change);
  return ratio;
}
