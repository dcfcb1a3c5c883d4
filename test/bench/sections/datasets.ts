// Builds the seeded databases the report and list sections read (kept under data/bench/cache between
// runs), in its own process so seeding counts against no measured section's memory or time.
import { dataset, datasetCounts } from '../app-adapter';
import { count, type Section } from '../lib';

export const datasetsSection: Section = async ({ quick }) => {
  const notes: string[] = [];
  for (const size of quick ? [1_000, 10_000] : [1_000, 10_000, 100_000]) {
    const file = await dataset(size, console.log);
    const c = await datasetCounts(file);
    notes.push(
      `dataset ${count(size)}: ${count(c.placements)} placements, ${count(c.deadlines)} deadline rows (not cancelled), ${Math.round(c.bytes / 2 ** 20)} MiB`,
    );
  }
  return { rows: [], notes };
};
