// Working-day arithmetic on the hot path: `npx tsx test/bench/calendar.ts`. Prints the median of 7 runs of
// each case, in microseconds per call.
import { addWorkingDays, addCalendarDays, workingDaysBetween, type CalendarId } from '../../machines/calendar';

const OPTIONS = { countStartDay: false, nonWorkingStart: 'next-working-day-is-day-1' } as const;
const CALLS = 20_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function bench(label: string, calendar: CalendarId, firstStart: string, spanDays: number, n: number): void {
  const starts = Array.from({ length: CALLS }, (_, i) => addCalendarDays(firstStart, (i * 37) % spanDays));
  const runs: number[] = [];
  let sink = 0;
  for (let run = 0; run < 7; run++) {
    const t0 = process.hrtime.bigint();
    for (const start of starts) sink += addWorkingDays(start, n, calendar, OPTIONS).length;
    runs.push(Number(process.hrtime.bigint() - t0) / 1000 / CALLS);
  }
  console.log(`${label.padEnd(48)} ${median(runs).toFixed(2)} us/call (${sink > 0 ? 'ok' : ''})`);
}

const span = Number(process.argv[2] ?? 2400);
for (const calendar of ['scotland-statutory', 'scotland-bank-holidays', 'england-and-wales'] as const) {
  bench(`${calendar} +3`, calendar, '2026-01-02', span, 3);
  bench(`${calendar} +20`, calendar, '2026-01-02', span, 20);
}
const t0 = process.hrtime.bigint();
let total = 0;
for (let i = 0; i < 200; i++) total += workingDaysBetween('2026-01-01', '2032-11-30', 'england-and-wales');
console.log(`workingDaysBetween over ~7 years: ${(Number(process.hrtime.bigint() - t0) / 1e6 / 200).toFixed(3)} ms/call (${total})`);
