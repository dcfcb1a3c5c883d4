// Runs one benchmark section in this process (so its peak RSS is its own) and writes its result as
// JSON to the file named. Usage: tsx test/bench/section-child.ts <section> <quick: 0|1> <result file>
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { peakRssMiB } from './lib';
import { SECTIONS } from './sections';

async function main(): Promise<void> {
  const [name, quick, out] = process.argv.slice(2);
  if (!SECTIONS[name]) throw new Error(`unknown section ${name}`);
  const section = await SECTIONS[name]();
  const started = performance.now();
  const result = await section({ quick: quick === '1' });
  writeFileSync(out, JSON.stringify({ ...result, seconds: (performance.now() - started) / 1000, peakRssMiB: peakRssMiB() }));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
