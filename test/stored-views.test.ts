// Stored versions are kept parsed with their views; the projection to now still elapses a clock the moment it
// falls due, and a version not seen before is read from its record.
import { viewOf } from '../machines/placement';
import { StoredViews } from '../src/services/stored-views';
import { projectToNow } from '../src/services/placement-view';
import { placed } from './machine/helpers';

const p = placed();
const firstDue = Math.min(...p.context.deadlines.filter((d) => d.status === 'open').map((d) => Date.parse(d.dueAt)));

test('a known version answers from the cache until its first clock falls due, then as the projection does', () => {
  const views = new StoredViews(10);
  let reads = 0;
  const record = (version: number) => ({
    id: 'a',
    version,
    get snapshot() {
      reads++;
      return JSON.parse(JSON.stringify(p));
    },
  });
  const before = new Date(firstDue - 1);
  const first = views.current(record(1), before);
  expect(views.current(record(1), before)).toBe(first);
  expect(reads).toBe(1);
  expect(viewOf(views.current(record(1), before))).toBe(viewOf(first));

  const at = new Date(firstDue);
  const projected = views.current(record(1), at);
  expect(projected).not.toBe(first);
  expect(projected).toEqual(projectToNow(p, at));
  expect(reads).toBe(1);

  views.current(record(2), before);
  expect(reads).toBe(2);
});

test('the least recently used version is dropped at capacity', () => {
  const views = new StoredViews(2);
  let reads = 0;
  const record = (id: string) => ({
    id,
    version: 1,
    get snapshot() {
      reads++;
      return p;
    },
  });
  const now = new Date(firstDue - 1);
  views.current(record('a'), now);
  views.current(record('b'), now);
  views.current(record('a'), now);
  views.current(record('c'), now); // drops b
  expect(reads).toBe(3);
  views.current(record('a'), now);
  expect(reads).toBe(3);
  views.current(record('b'), now);
  expect(reads).toBe(4);
});
