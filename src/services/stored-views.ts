// Recent stored versions of placements, parsed once per process. Every write to a placement's snapshot bumps
// its version (events, rulebook migration and erasure all go through writeTransition), so (id, version)
// names one snapshot for ever, on every instance; its view (legal status, and the allowed events: one probe
// transition per event type) is worked out once, by viewOf's own memo on the snapshot object kept here.
import { getRulebook } from '../../machines/rulebook';
import { elapsesByTime, type PersistedPlacement } from '../../machines/placement';
import { projectToNow } from './placement-view';

interface Entry {
  snapshot: PersistedPlacement;
  /** When its first clock that elapses by time falls due (ms); until then the projection to now is itself. */
  nextDue: number;
}

/** Enough for several pages of the longest list; a parsed snapshot and its view take tens of kilobytes. */
const DEFAULT_CAPACITY = 1000;

export class StoredViews {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** The stored version as it stands at `now` (clocks already due elapsed in memory: the sweep may lag). */
  current(record: { id: string; version: number; snapshot: PersistedPlacement }, now: Date): PersistedPlacement {
    const key = `${record.id}@${record.version}`;
    let entry = this.entries.get(key);
    if (entry)
      this.entries.delete(key); // re-inserted below: a Map iterates oldest first, so this is an LRU
    else {
      const snapshot = record.snapshot; // read once: reading it may parse it
      entry = { snapshot, nextDue: nextDueOf(snapshot) };
      const oldest = this.entries.keys().next();
      if (this.entries.size >= this.capacity && !oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, entry);
    return now.getTime() < entry.nextDue ? entry.snapshot : projectToNow(entry.snapshot, now);
  }
}

function nextDueOf(p: PersistedPlacement): number {
  const book = getRulebook(p.rulebookId);
  let next = Infinity;
  for (const d of p.context.deadlines) if (elapsesByTime(book, d)) next = Math.min(next, Date.parse(d.dueAt));
  return next;
}
