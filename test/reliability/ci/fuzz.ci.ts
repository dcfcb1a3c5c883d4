// The full API fuzzing run (see ../fuzz-kit.ts): FUZZ_RUNS generated requests (default 10,000) over every
// operation of the OpenAPI document, as every role, from a seed of its own (FUZZ_SEED to vary it).
import { describeFailures, finalProblems, openWorld, runFuzz, summarise, type World } from '../fuzz-kit';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 19700101);

let w: World;
beforeAll(async () => {
  w = await openWorld();
}, 60_000);
afterAll(() => w?.close());

test(`${RUNS} generated requests: no 5xx, no write from a refused request, invariants hold after every accepted write`, async () => {
  const report = await runFuzz(w, { runs: RUNS, seed: SEED });
  console.log(`seed ${SEED}\n${summarise(report)}`);
  if (report.failures.length) console.log(describeFailures(report.failures));
  expect(report.failures).toHaveLength(0);
  expect(report.runs).toBeGreaterThanOrEqual(RUNS * 0.95); // the few the client itself cannot send are not counted
  expect(await finalProblems(w)).toEqual([]);
  expect(Object.keys(report.byOperation).length).toBe(w.operations.length);
  expect(Object.keys(report.acceptedEvents).length).toBeGreaterThan(20);
});
