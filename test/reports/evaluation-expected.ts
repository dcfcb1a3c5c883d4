// The seeded population of the evaluation return's tests (the compliance report's plans, with ages and the
// child's answer to advocacy varied), and, counted independently from the plan alone (by hand from what each
// plan does and when, not with the return's code), every cell the return must publish for a period.
import { makePlan, type Plan } from './seed-plan';

export const EVALUATION_NOW = new Date('2027-03-01T12:00:00Z');

const FEW_PLACING = { england: ['E06000001', 'E06000002', 'E06000003', 'E06000004'], wales: ['W06000001', 'W06000002'] };
const FEW_HOSTS = ['S12000005', 'S12000006', 'S12000008', 'S12000010', 'S12000017'];

/**
 * Ages at arrival 13-14 (most), 16-17, 8-9 and 2-3 (every 18th birthday after EVALUATION_NOW); some children
 * accept or decline advocacy; a few placed by, or in, authorities with few placements (small cells).
 */
export function evaluationPlan(i: number): Plan {
  const plan = makePlan(i);
  const dateOfBirth = i % 20 === 7 || i % 20 === 12 ? '2023-05-10' : i % 10 === 3 ? '2017-08-20' : i % 5 === 1 ? '2009-06-01' : '2012-04-02';
  const advocacyDecision = i % 7 === 2 ? 'accepted' : i % 11 === 5 ? 'declined' : undefined;
  const few = FEW_PLACING[plan.nation];
  return {
    ...plan,
    dateOfBirth,
    ...(advocacyDecision ? { advocacyDecision } : {}),
    ...(i % 7 === 4 ? { placingAuthorityId: few[(i >> 1) % few.length] } : {}),
    ...(i % 9 === 5 ? { hostAuthorityId: FEW_HOSTS[(i >> 1) % FEW_HOSTS.length] } : {}),
  };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Minutes London is ahead of UTC at noon on `date` (0 or 60), from the platform's time zone data. */
function londonOffsetMs(date: string): number {
  const part = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' })
    .formatToParts(new Date(`${date}T12:00:00Z`))
    .find((p) => p.type === 'timeZoneName')?.value;
  return part === 'GMT' || !part ? 0 : Number(part.slice(3)) * HOUR;
}
export const londonMidnight = (date: string) => Date.parse(`${date}T00:00:00Z`) - londonOffsetMs(date);
const endOfLondonDay = (date: string) => Date.parse(`${date}T23:59:59.999Z`) - londonOffsetMs(date);
const dayAfter = (base: string, n: number) => new Date(Date.parse(`${base}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const at = (base: string, n: number, time: string) => Date.parse(`${dayAfter(base, n)}T${time}:00Z`);

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function age(dob: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(dob.slice(0, 4));
  return on.slice(5) < dob.slice(5) ? years - 1 : years;
}

const band = (edges: [string, number][], value: number, last: string) => edges.find(([, max]) => value < max)?.[0] ?? last;
const days = (from: number, to: number) => Math.max(0, Math.floor((to - from) / DAY));

interface Duty {
  rule: string;
  due: number;
  outcome: 'met' | 'late' | 'missed' | 'open';
  notice?: string;
}

/** When each thing happened to the plan's child (see seed-store.ts for the steps). */
function timeline(p: Plan) {
  const B = p.base;
  const arrived = p.c1 === 'open' ? null : at(B, 3, '11:00');
  const ended = p.end ? at(B, 56, '10:00') : null;
  const visit = !p.visit || p.visit === 'missed' ? null : at(B, p.visit === 'met' ? 5 : 12, '10:00');
  const review = !p.review || p.review === 'missed' ? null : at(B, p.review === 'met' ? 10 : 45, '10:00');
  const c3Due = endOfLondonDay(dayAfter(B, 9));
  // A DoL order made B-2 lapses at the end of the day before the same day 3 months on, unless replaced or ended first.
  const dolDue = endOfLondonDay(dayAfter(addMonths(dayAfter(B, -2), 3), -1));
  const lapses: number[] = [];
  if (arrived !== null && (p.c1 === 'late' || p.c1 === 'missed')) lapses.push(arrived);
  if (p.orderChange === 'late' || p.orderChange === 'missed') lapses.push(c3Due);
  const dolLapses = p.legalBasis === 'dol-order' && !p.orderChange && !p.end;
  if (dolLapses) lapses.push(dolDue);
  const noticeCategory = { met: '1-to-2-days', late: 'given-after-arrival', missed: 'not-given-arrived', open: 'not-given-not-arrived' }[p.c1];
  const duties: Duty[] = [{ rule: 'C1.notice-before-arrival', due: at(B, 3, '10:00'), outcome: p.c1, notice: noticeCategory }];
  if (p.orderChange) {
    const viaEnd = p.orderChange === 'missed' && (p.end === 'met' || p.end === 'late');
    duties.push({ rule: 'C3.order-change-renotify', due: c3Due, outcome: viaEnd ? 'late' : p.orderChange });
  }
  if (p.end) duties.push({ rule: 'END.end-notice', due: endOfLondonDay(dayAfter(B, 58)), outcome: p.end });
  if (dolLapses) duties.push({ rule: 'C5.dol-expiry', due: dolDue, outcome: 'missed' });
  return { arrived, ended, visit, review, lapses, duties };
}

const RENOTIFY = new Set(['C3.order-change-renotify', 'END.end-notice']);
const RECOGNITION = new Set(['C1.notice-before-arrival', 'C3.order-change-renotify', 'C5.dol-expiry']);
const NATION_OF: Record<string, string> = { england: 'england', wales: 'wales' };

/** Every non-zero cell of the return for [from, to) (dates), keyed `table/row/column`, counted from the plans. */
export function expectedCells(plans: readonly Plan[], from: string, to: string, now = EVALUATION_NOW.getTime()): Map<string, number> {
  const lo = londonMidnight(from);
  const hi = londonMidnight(to);
  const out = new Map<string, number>();
  const add = (table: string, row: string, column = 'count') => out.set(`${table}/${row}/${column}`, (out.get(`${table}/${row}/${column}`) ?? 0) + 1);
  for (const p of plans) {
    const t = timeline(p);
    if (t.arrived !== null && t.arrived < hi && !(t.ended !== null && t.ended < lo)) {
      const nation = NATION_OF[p.nation];
      for (const table of [
        'placing-nation',
        'placing-authority',
        'host-council',
        'setting',
        'legal-basis',
        'age-band',
        'duration-band',
        'advocacy',
        'legal-status',
      ])
        add(table, 'total');
      add('placing-nation', nation);
      add('placing-authority', p.placingAuthorityId);
      add('placing-authority', `nation:${nation}`);
      add('host-council', p.hostAuthorityId);
      add('setting', p.setting);
      add('legal-basis', p.orderChange ? 'care-order' : p.legalBasis);
      const years = age(p.dateOfBirth ?? '2012-04-02', new Date(t.arrived).toISOString().slice(0, 10));
      add('age-band', years < 5 ? 'under-5' : years < 12 ? '5-to-11' : years < 16 ? '12-to-15' : '16-to-17');
      const length = days(t.arrived, Math.min(t.ended ?? Infinity, hi, now));
      add(
        'duration-band',
        band(
          [
            ['under-6-weeks', 42],
            ['6-weeks-to-under-6-months', 182],
            ['6-months-to-under-1-year', 365],
          ],
          length,
          '1-year-or-more',
        ),
      );
      // Rulebook @1 gives every arrival an advocacy clock, residential and foster alike.
      const offered = p.advocacy === 'met' || p.advocacy === 'late';
      const advocacy = offered ? (p.advocacyDecision ?? 'offered-no-decision') : 'not-offered';
      add('advocacy', advocacy);
      if (offered) add('advocacy', 'offered');
      const stop = Math.min(t.ended ?? Infinity, now);
      const lapsed = t.lapses.some((start) => start < hi && start < stop && stop > lo);
      add('legal-status', lapsed ? 'unrecognised' : 'recognised-throughout');
    }
    if (t.arrived !== null && t.arrived >= lo && t.arrived < hi) {
      const contact = (when: number | null) =>
        when === null
          ? 'none'
          : band(
              [
                ['0-to-7-days', 8],
                ['8-to-14-days', 15],
                ['15-to-28-days', 29],
                ['29-to-42-days', 43],
              ],
              days(t.arrived ?? 0, when),
              '43-days-or-more',
            );
      for (const table of ['first-visit', 'first-review']) add(table, 'total');
      add('first-visit', contact(t.visit));
      add('first-review', contact(t.review));
    }
    for (const d of t.duties) {
      if (d.due < lo || d.due >= hi) continue;
      if (d.notice) {
        add('first-notice', 'total');
        add('first-notice', d.notice);
        if (d.notice === '1-to-2-days') add('first-notice', 'given-before-arrival');
      }
      if (RENOTIFY.has(d.rule)) {
        for (const row of [d.rule, 'total']) {
          add('renotification', row, d.outcome);
          add('renotification', row, 'total');
        }
      }
      if (RECOGNITION.has(d.rule) && (d.outcome === 'late' || d.outcome === 'missed')) {
        for (const row of [d.rule, 'total']) {
          add('lapses', row, d.outcome);
          add('lapses', row, 'total');
        }
      }
    }
  }
  return out;
}
