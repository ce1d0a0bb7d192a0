import { sequenceOf } from './event-ids';

/** In-memory ids are remembered per trigger for this long (the Sensor's dedup window). */
export const DEDUP_WINDOW_MS = 60_000;

/** Entries dropped from the front before the arrays are compacted. */
const COMPACT_AFTER = 4096;

/**
 * The event ids one trigger has seen within the dedup window. Ids the simulator makes are new by
 * construction and are kept as their sequence numbers, in plain number arrays: hashing (and
 * keeping) every id string is most of the cost of delivering an event to a small hub. Ids given by
 * callers, which may repeat, are kept by text; one that is the text of a simulator's id is decoded
 * back to its sequence number and looked up. Both are in arrival order, and the clock never goes
 * back, so the oldest come first.
 */
export class RecentIds {
  private sequences: number[] = [];
  private times: number[] = [];
  private head = 0;
  /** Ids given by callers that are still in the window, with their arrival times. */
  private readonly given = new Map<string, number>();

  /** Forgets the ids older than the window. */
  expire(nowMs: number): void {
    if (this.given.size > 0) {
      for (const [id, at] of this.given) {
        if (nowMs - at <= DEDUP_WINDOW_MS) {
          break;
        }
        this.given.delete(id);
      }
    }
    const times = this.times;
    let head = this.head;
    while (head < times.length && nowMs - times[head] > DEDUP_WINDOW_MS) {
      head++;
    }
    if (head >= COMPACT_AFTER && 2 * head >= times.length) {
      this.sequences = this.sequences.slice(head);
      this.times = times.slice(head);
      head = 0;
    }
    this.head = head;
  }

  /**
   * Whether an id was seen within the window. `sequence` is set for an id the simulator made: it
   * was never handed out before, so only an id a caller gave can equal it.
   */
  has(id: string, sequence: number | undefined): boolean {
    if (this.given.size > 0 && this.given.has(id)) {
      return true;
    }
    if (sequence !== undefined) {
      return false;
    }
    // The simulator's ids come in increasing order: look the one this id would be up.
    const wanted = sequenceOf(id);
    if (wanted === undefined) {
      return false;
    }
    let low = this.head;
    let high = this.sequences.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const at = this.sequences[mid];
      if (at === wanted) {
        return true;
      }
      if (at < wanted) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return false;
  }

  /** Remembers an id that is not in the window (see {@link has}). */
  add(id: string, sequence: number | undefined, nowMs: number): void {
    if (sequence === undefined) {
      this.given.set(id, nowMs);
    } else {
      this.sequences.push(sequence);
      this.times.push(nowMs);
    }
  }
}
