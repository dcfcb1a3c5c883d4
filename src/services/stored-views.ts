// Recent stored versions of placements, parsed once per process. Every write to a placement's snapshot bumps
// its version (events, rulebook migration and erasure all go through writeTransition, under the optimistic
// lock), so (id, version) names one snapshot for ever, on every instance; its view (legal status, and the
// allowed events: one probe transition per event type) is worked out once, by viewOf's own memo on the
// snapshot object kept here.
import { getRulebook } from '../../machines/rulebook';
import { elapsesByTime, type PersistedPlacement } from '../../machines/placement';
import { projectToNow } from './placement-view';

interface Entry {
  version: number;
  snapshot: PersistedPlacement;
  /** When its first clock that elapses by time falls due (ms); until then the projection to now is itself. Worked out when first projected. */
  nextDue?: number;
}

/** Enough for several pages of the longest list; a parsed snapshot and its view take tens of kilobytes. */
const DEFAULT_CAPACITY = 1000;

/** The latest version seen of each placement, parsed; a least recently used placement is dropped at capacity. */
export class StoredViews {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** The stored version as it stands at `now` (clocks already due elapsed in memory: the sweep may lag). */
  current(record: { id: string; version: number; snapshot: PersistedPlacement }, now: Date): PersistedPlacement {
    let entry = this.touch(record.id);
    if (!entry || entry.version !== record.version) {
      const read: Entry = { version: record.version, snapshot: record.snapshot }; // read once: reading it may parse it
      // A reader that raced a write holds an older version than the one kept: answered, not kept.
      if (!entry || read.version > entry.version) this.keep(record.id, read);
      entry = read;
    }
    entry.nextDue ??= nextDueOf(entry.snapshot);
    return now.getTime() < entry.nextDue ? entry.snapshot : projectToNow(entry.snapshot, now);
  }

  /** The version kept of a placement, if any: a read that finds the row still at it need not read the snapshot. */
  known(id: string): { version: number; snapshot: PersistedPlacement } | undefined {
    return this.touch(id);
  }

  /** A version just committed (its snapshot is the one written), unless a later one is already kept. */
  remember(id: string, version: number, snapshot: PersistedPlacement): void {
    const entry = this.entries.get(id);
    if (!entry || version > entry.version) this.keep(id, { version, snapshot });
  }

  private touch(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (entry) {
      this.entries.delete(id); // re-inserted: a Map iterates oldest first, so this is an LRU
      this.entries.set(id, entry);
    }
    return entry;
  }

  private keep(id: string, entry: Entry): void {
    this.entries.delete(id);
    const oldest = this.entries.keys().next();
    if (this.entries.size >= this.capacity && !oldest.done) this.entries.delete(oldest.value);
    this.entries.set(id, entry);
  }
}

function nextDueOf(p: PersistedPlacement): number {
  const book = getRulebook(p.rulebookId);
  let next = Infinity;
  for (const d of p.context.deadlines) if (elapsesByTime(book, d)) next = Math.min(next, Date.parse(d.dueAt));
  return next;
}
