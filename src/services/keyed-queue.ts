// Work for one key at a time, in arrival order; work for different keys runs at once. The placements service
// queues the writes to one placement here, so requests racing on it in this process take turns instead of
// failing each other's version check (which still decides between processes).

export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(work);
    const tail = result.catch(() => undefined); // the next in line runs whatever this one's outcome
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work queued or running (for tests). */
  get size(): number {
    return this.tails.size;
  }
}
