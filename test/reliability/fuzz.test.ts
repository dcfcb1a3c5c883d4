// The fast part of the API fuzzing, in `npm test`: FUZZ_RUNS generated requests (default 1,000, about 35 s) from a
// fixed seed (FUZZ_SEED to vary it). The full run (>= 10,000) is in the CI suite: test/reliability/ci.
import { describeFailures, finalProblems, openWorld, runFuzz, summarise, type World } from './fuzz-kit';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);

let w: World;
beforeAll(async () => {
  w = await openWorld();
}, 60_000);
afterAll(() => w?.close());

test(`${RUNS} generated requests over every operation: no 5xx, no write from a refused request, invariants hold`, async () => {
  const report = await runFuzz(w, { runs: RUNS, seed: SEED });
  console.log(
    `seed ${SEED}\n${summarise(report)}\nms by operation ${JSON.stringify(Object.fromEntries(Object.entries(report.msByOperation).map(([k, v]) => [k, Math.round(v)])))}`,
  );
  if (report.failures.length) console.log(describeFailures(report.failures));
  expect(report.failures).toHaveLength(0);
  expect(await finalProblems(w)).toEqual([]);
  // The run reached every operation and got past refusals into the machine.
  expect(Object.keys(report.byOperation).length).toBe(w.operations.length);
  expect(Object.keys(report.acceptedEvents).length).toBeGreaterThan(10);
}, 600_000);
