// A seeding plan for the compliance report: who, where and how each placement's duties were timed,
// and, written out by hand from the regulations (not from the report's code), how each legal clock
// must turn out. Every time is a fixed offset from the cohort's Monday, so due times are known:
//   arrival Thu B+3; C7 advocacy due end of B+10 (5 working days after arrival); first visit due end
//   of B+10 (1 week); first review due ~B+31 (20 E&W working days); order made Mon B+7, C3 due end of
//   Wed B+9; placement ended Mon B+56, end notice due end of Wed B+58.
import { randomUUID } from 'node:crypto';

export type Tri = 'met' | 'late' | 'missed';
export type Outcome = Tri | 'open';

export interface Plan {
  id: string;
  cohort: 0 | 1;
  /** The cohort's Monday. */
  base: string;
  placingAuthorityId: string;
  nation: 'england' | 'wales';
  hostAuthorityId: string;
  setting: 'residential' | 'foster';
  legalBasis: string;
  c1: Outcome;
  /** For c1 'open': signed but never delivered (else a bare draft). */
  signedOnly: boolean;
  advocacy?: Tri;
  visit?: Tri;
  review?: Tri;
  orderChange?: Tri;
  end?: Tri;
  /** Default 2012-04-02 (the evaluation return's tests vary it; the 18th birthday must stay after REPORT_NOW). */
  dateOfBirth?: string;
  /** After an offer of advocacy, the child's answer (B+15), where the evaluation return's tests set one. */
  advocacyDecision?: 'accepted' | 'declined';
}

export const COHORT_BASES = ['2026-03-02', '2026-09-07'] as const;
/** Every due time of a cohort falls in its window, except the 18th birthday (2030). */
export const COHORT_WINDOWS = [
  { from: '2026-03-01', to: '2026-09-01' },
  { from: '2026-09-01', to: '2027-03-01' },
] as const;
/** The report's "now": after every due time of both cohorts. */
export const REPORT_NOW = new Date('2027-03-01T12:00:00Z');

export const PLACING = [
  { id: 'E08000025', nation: 'england' },
  { id: 'E09000033', nation: 'england' },
  { id: 'W06000015', nation: 'wales' },
] as const;
export const HOSTS = ['S12000033', 'S12000036', 'S12000049'] as const;
const RESIDENTIAL_BASES = ['care-order', 'interim-care-order', 's20-accommodation', 'dol-order'];
const FOSTER_BASES = ['care-order', 'interim-care-order', 's20-accommodation'];

/** mulberry32: a small seeded generator, so the plan is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makePlan(i: number): Plan {
  const r = rng(i * 7919 + 17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const placing = pick(PLACING);
  const setting = r() < 0.3 ? 'foster' : 'residential';
  const cohort = (i % 2) as 0 | 1;
  const plan: Plan = {
    id: randomUUID(),
    cohort,
    base: COHORT_BASES[cohort],
    placingAuthorityId: placing.id,
    nation: placing.nation,
    hostAuthorityId: pick(HOSTS),
    setting,
    legalBasis: pick(setting === 'residential' ? RESIDENTIAL_BASES : FOSTER_BASES),
    c1: pick<Outcome>(['met', 'met', 'met', 'met', 'met', 'late', 'missed', 'open']),
    signedOnly: r() < 0.5,
  };
  if (plan.c1 === 'met' || plan.c1 === 'late') {
    const tri: Tri[] = ['met', 'late', 'missed'];
    plan.advocacy = pick(tri);
    plan.visit = pick(tri);
    plan.review = pick(tri);
    plan.orderChange = pick([undefined, 'met', 'late', 'missed'] as const);
    plan.end = pick([undefined, undefined, 'met', 'late', 'missed'] as const);
  }
  return plan;
}

/** The legal basis the placement row shows at the end (an order change makes it a care order). */
export const currentLegalBasis = (p: Plan) => (p.orderChange ? 'care-order' : p.legalBasis);

export interface ExpectedDeadline {
  rule: string;
  outcome: Outcome;
  /** The cohort window its due time falls in, or 'future' (the 18th birthday). */
  window: 0 | 1 | 'future';
  /** Hours early (met) or late (late) where the plan fixes them to the minute (see medians). */
  hours?: number;
}

/**
 * How each clock must end up, as of REPORT_NOW (cancelled clocks are left out). Clocks never done are
 * past due by then, so they are missed whether or not the sweep already ran.
 */
export function expectedDeadlines(p: Plan): ExpectedDeadline[] {
  const out: ExpectedDeadline[] = [];
  const add = (rule: string, outcome: Outcome, hours?: number) => out.push({ rule, outcome, window: p.cohort, ...(hours !== undefined ? { hours } : {}) });
  // Hours below hold in cohort 0 (March 2026, GMT): a due time is 23:59:59.999Z of its last day.
  const gmt = p.cohort === 0;
  add('C1.notice-before-arrival', p.c1, p.c1 === 'met' ? 48 : p.c1 === 'late' ? 3 : undefined);
  // The regime's end at 18 is cancelled when the placement ends; otherwise it is due in 2030.
  if (!p.end) out.push({ rule: 'C11.age-18', outcome: 'open', window: 'future' });
  // A DoL order with no expiry lapses after 3 months unless an order change or the end cancels the clock.
  if (p.legalBasis === 'dol-order' && !p.orderChange && !p.end) add('C5.dol-expiry', 'missed');
  if (p.c1 === 'missed') {
    // Arrived without notice; nothing else was ever done.
    add('C7.advocacy-offer', 'missed');
    add('C8.first-visit', 'missed');
    add('C8.first-review', 'missed');
  }
  if (p.c1 !== 'met' && p.c1 !== 'late') return out;
  add('C7.advocacy-offer', p.advocacy!, gmt ? { met: 158, late: 82, missed: undefined }[p.advocacy!] : undefined);
  add('C8.first-visit', p.visit!, gmt ? { met: 134, late: 34, missed: undefined }[p.visit!] : undefined);
  // After a visit the next is due within 6 weeks: never recorded, and past due before the end.
  if (p.visit !== 'missed') add('C8.visit', 'missed');
  add('C8.first-review', p.review!);
  // After a review the next is due within 3 months: after the end (cancelled), else missed.
  if (p.review !== 'missed' && !p.end) add('C8.second-review', 'missed');
  if (p.orderChange) {
    // A window missed is answered, late, by the next notice version given: the end notice.
    // (given at B+57 or B+61 10:00Z: 1138 or 1234 hours after the window closed).
    const viaEnd = p.orderChange === 'missed' && (p.end === 'met' || p.end === 'late');
    const c3 = viaEnd ? 'late' : p.orderChange;
    const hours = viaEnd ? (p.end === 'met' ? 1138 : 1234) : { met: 37.5, late: 34, missed: undefined }[p.orderChange];
    add('C3.order-change-renotify', c3, gmt ? hours : undefined);
  }
  // The end is in late April (BST): due 22:59:59.999Z on Wed B+58.
  if (p.end) add('END.end-notice', p.end, gmt ? { met: 37, late: 59, missed: undefined }[p.end] : undefined);
  return out;
}
