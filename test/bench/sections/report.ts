// The compliance report over 1k, 10k and 100k placements (seeded as raw rows with real snapshots): the
// median of several runs at each size, and how the cost per deadline row grows (1.00 = linear).
import { performance } from 'node:perf_hooks';
import { dataset, datasetCounts, openReport, REPORT_CASES } from '../app-adapter';
import { count, ms, type ResultRow, type Section } from '../lib';

const GOAL_MS = 2000;
/** Per-row cost at the largest size over the next one down; above this the growth is not linear. */
const LINEAR_LIMIT = 1.25;

export const reportSection: Section = async ({ quick }) => {
  const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
  const runs = quick ? 3 : 5;
  const rows: ResultRow[] = [];
  const bySize: { size: number; deadlines: number; cases: Record<string, number> }[] = [];
  for (const size of sizes) {
    const file = await dataset(size, console.log);
    const { deadlines } = await datasetCounts(file);
    const report = await openReport(file);
    const cases: Record<string, number> = {};
    try {
      for (const [name, filters] of REPORT_CASES) {
        await report.run(filters); // warm: statements prepared, pages cached
        const times: number[] = [];
        for (let r = 0; r < runs; r++) {
          const t = performance.now();
          await report.run(filters);
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        cases[name] = times[times.length >> 1];
      }
    } finally {
      await report.close();
    }
    bySize.push({ size, deadlines, cases });
  }
  const largest = bySize[bySize.length - 1];
  for (const [name] of REPORT_CASES) {
    const perRow = (s: (typeof bySize)[number]) => s.cases[name] / s.deadlines;
    const growth = bySize.length > 1 ? perRow(largest) / perRow(bySize[bySize.length - 2]) : 1;
    for (const s of bySize) {
      const isLargest = s === largest;
      rows.push({
        what: `compliance report, ${name}, ${count(s.size)} placements (${count(s.deadlines)} deadline rows)`,
        measured: ms(s.cases[name], 0),
        anchor: isLargest && bySize.length > 1 ? `per-row cost vs ${count(bySize[bySize.length - 2].size)}: ${growth.toFixed(2)}` : undefined,
        goal: s.size === 100_000 ? `<= ${GOAL_MS} ms, per-row ratio <= ${LINEAR_LIMIT}` : undefined,
        met: s.size === 100_000 ? s.cases[name] <= GOAL_MS && growth <= LINEAR_LIMIT : undefined,
        data: {
          placements: s.size,
          deadlineRows: s.deadlines,
          medianMs: s.cases[name],
          perRowMicroseconds: (s.cases[name] * 1000) / s.deadlines,
          ...(isLargest ? { perRowGrowth: growth } : {}),
        },
      });
    }
  }
  return { rows };
};
