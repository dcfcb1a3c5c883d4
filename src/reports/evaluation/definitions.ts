// The tables of the evaluation return, defined once: what each counts, its rows and columns with their
// definitions, and the rules they rest on. The return is built from these and the data dictionary prints them,
// so a table cannot appear in one without the other.
import { activeRulebook, PLACING_NATIONS, rulebookVersions, SETTINGS, type Rulebook } from '../../../machines/rulebook';
import { AGE_BANDS, DURATION_BANDS, FIRST_CONTACT_BANDS, NOTICE_BANDS, type BandSet } from './bands';
import { FIRST_NOTICE_RULE, FIRST_NOTICE_RULES } from './facts';

export type Component = 'placed' | 'arrived' | 'clocks';

export interface Category {
  key: string;
  label: string;
  definition: string;
  /** A subtotal row: the sum of these categories. */
  sumOf?: readonly string[];
}

export interface ColumnDef {
  key: string;
  label: string;
  definition: string;
  /** A total column: the sum of these columns. */
  sumOf?: readonly string[];
}

export interface TableDef {
  id: string;
  title: string;
  component: Component;
  /** Who or what one count is. */
  unit: string;
  population: string;
  rowHeader: string;
  /** What a row is. */
  rows: string;
  /** Fixed categories (null: the rows are the organisations or rules found, listed as `rows` says). */
  categories: readonly Category[] | null;
  columns: readonly ColumnDef[];
  /** Rulebook ids whose citations the dictionary prints. */
  sources: readonly string[];
  notes?: readonly string[];
}

export const POPULATIONS: Record<Component, string> = {
  placed:
    'Children placed in Scotland at some time in the period: the child arrived before the end of the period and the placement had not ended ' +
    '(ended, superseded by a Scottish compulsory supervision order, or transferred under Part 15) before its start. Counted per placement: ' +
    'the service holds no identifier of a child across placements.',
  arrived: 'Children who arrived in Scotland in the period (the recorded arrival, CHILD_ARRIVED, on or after the start and before the end).',
  clocks:
    'Legal clocks that fell due in the period (due time on or after the start and before the end), cancelled clocks left out, as the ' +
    'compliance report counts them. A before-arrival clock is due at the planned start; the arrival decides it. Outcomes as recorded when the return is made: a clock already past due and still open counts as the next deadline sweep will make it.',
};

const bandCategories = (set: BandSet): Category[] =>
  set.bands.map((b) => ({
    key: b.key,
    label: b.label,
    definition: b.max === null ? `${b.min} ${set.unit} or more.` : `At least ${b.min} and under ${b.max} ${set.unit}.`,
  }));

const NATION_LABELS: Record<string, string> = { england: 'England', wales: 'Wales', 'northern-ireland': 'Northern Ireland' };
export const nationLabel = (n: string) => NATION_LABELS[n] ?? n;
const SETTING_LABELS: Record<string, string> = { residential: 'Residential care', foster: 'Foster care' };

/** Rulebook versions, the active one first: its order and wording lead, older versions add what it lacks. */
const books = (): Rulebook[] => [activeRulebook, ...rulebookVersions().filter((b) => b.id !== activeRulebook.id)];

/** Every legal basis any rulebook knows, in the active rulebook's order. */
export function legalBases(): { type: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const b of books()) for (const l of b.legalBases) if (!seen.has(l.type)) seen.set(l.type, l.label);
  return [...seen].map(([type, label]) => ({ type, label }));
}

function clockIds(keep: (book: Rulebook, id: string) => boolean): string[] {
  const out: string[] = [];
  for (const b of books()) for (const id of Object.keys(b.clocks)) if (!out.includes(id) && keep(b, id)) out.push(id);
  return out;
}

/** Clocks met by a notice other than the first one: an updated notice after an order change, a move, a DoL change, the end. */
export const renotificationRules = () => clockIds((b, id) => b.clocks[id].metBy === 'notice' && !FIRST_NOTICE_RULES.includes(id));
/** Clocks whose miss leaves the order without effect in Scotland (missedEffect unrecognised). */
export const recognitionRules = () => clockIds((b, id) => b.clocks[id].missedEffect === 'unrecognised');

export function ruleTitle(id: string): string {
  for (const b of books()) {
    const r = b.clocks[id] ?? b.visits[id];
    if (r) return r.title;
  }
  return id;
}

const COUNT: ColumnDef = { key: 'count', label: 'Number', definition: 'The number counted in the row.' };

const OUTCOME_COLUMNS: ColumnDef[] = [
  { key: 'met', label: 'On time', definition: 'Done by the due time (for a before-arrival clock: before the child arrived).' },
  { key: 'late', label: 'Late', definition: 'Done after the due time.' },
  { key: 'missed', label: 'Missed', definition: 'Past due and not done when the return was made.' },
  { key: 'open', label: 'Open', definition: 'Not yet decided: a before-arrival or before-move clock whose event has not happened.' },
  { key: 'total', label: 'Total', definition: 'Clocks due in the period: on time + late + missed + open.', sumOf: ['met', 'late', 'missed', 'open'] },
];

const LAPSE_COLUMNS: ColumnDef[] = [
  {
    key: 'late',
    label: 'Done late',
    definition: 'The duty was done after the due time: the order lapsed in between (and stays lapsed: P.lapse-cured-by-late-notice).',
  },
  { key: 'missed', label: 'Not done', definition: 'Past due and not done when the return was made.' },
  { key: 'total', label: 'Total', definition: 'Lapses: done late + not done.', sumOf: ['late', 'missed'] },
];

const total = (sumOf: readonly string[], what: string): Category => ({
  key: 'total',
  label: 'Total',
  definition: `All ${what}: the sum of the rows above.`,
  sumOf,
});

const withTotal = (categories: Category[], what: string): Category[] => [
  ...categories,
  total(
    categories.filter((c) => !c.sumOf).map((c) => c.key),
    what,
  ),
];

export function tableDefs(): TableDef[] {
  const placed = 'children placed in the period';
  const noticeBands = bandCategories(NOTICE_BANDS);
  const contact = (what: string): Category[] =>
    withTotal(
      [...bandCategories(FIRST_CONTACT_BANDS), { key: 'none', label: `No ${what} recorded`, definition: `No ${what} recorded when the return was made.` }],
      'children who arrived in the period',
    );
  const advocacy: Category[] = [
    { key: 'accepted', label: 'Offered and accepted', definition: 'The child was offered advocacy and accepted it (ADVOCACY_ACCEPTED).' },
    { key: 'declined', label: 'Offered and declined', definition: 'The child was offered advocacy and declined it (ADVOCACY_DECLINED).' },
    { key: 'offered-no-decision', label: 'Offered, no answer recorded', definition: "Offered (ADVOCACY_OFFERED); the child's answer is not recorded." },
    { key: 'offered', label: 'Offered (all)', definition: 'Accepted + declined + no answer recorded.', sumOf: ['accepted', 'declined', 'offered-no-decision'] },
    {
      key: 'not-appropriate',
      label: 'Not appropriate',
      definition: "Not offered because of the child's age and maturity, with the reason recorded (ADVOCACY_NOT_APPROPRIATE), and not offered since.",
    },
    {
      key: 'not-offered',
      label: 'Not offered',
      definition: 'An advocacy clock applied (C7) and nothing is recorded: neither an offer nor a reason it was not appropriate.',
    },
    {
      key: 'no-duty',
      label: 'No advocacy duty',
      definition: 'No advocacy clock applied to the child at arrival (the setting is not in P.advocacy-settings, or the foster duty had not commenced).',
    },
  ];
  return [
    {
      id: 'placing-nation',
      title: 'Children placed, by placing nation',
      component: 'placed',
      unit: 'children',
      population: POPULATIONS.placed,
      rowHeader: 'Placing nation',
      rows: 'The nation of the placing authority.',
      categories: withTotal(
        PLACING_NATIONS.map((n) => ({ key: n, label: nationLabel(n), definition: `Placed by an authority in ${nationLabel(n)}.` })),
        placed,
      ),
      columns: [COUNT],
      sources: [],
    },
    {
      id: 'placing-authority',
      title: 'Children placed, by placing authority',
      component: 'placed',
      unit: 'children',
      population: POPULATIONS.placed,
      rowHeader: 'Placing authority',
      rows:
        'Each placing authority (its ONS GSS code, or the id in the organisation list) with at least one child placed in the period, grouped by nation, ' +
        'each nation followed by its subtotal (the same count as in the table by placing nation). Authorities with none are not listed.',
      categories: null,
      columns: [COUNT],
      sources: [],
    },
    {
      id: 'host-council',
      title: 'Children placed, by host council',
      component: 'placed',
      unit: 'children',
      population: POPULATIONS.placed,
      rowHeader: 'Host council',
      rows: 'Each Scottish council (ONS GSS code), all 32 listed: the council now hosting the child (or hosting when the placement ended); a child who moved counts under the latest.',
      categories: null,
      columns: [COUNT],
      sources: [],
    },
    {
      id: 'setting',
      title: 'Children placed, by setting',
      component: 'placed',
      unit: 'children',
      population: POPULATIONS.placed,
      rowHeader: 'Setting',
      rows: 'Residential or foster care, as now recorded (after any move).',
      categories: withTotal(
        SETTINGS.map((s) => ({ key: s, label: SETTING_LABELS[s] ?? s, definition: `Placed in ${(SETTING_LABELS[s] ?? s).toLowerCase()}.` })),
        placed,
      ),
      columns: [COUNT],
      sources: ['P.advocacy-settings'],
    },
    {
      id: 'legal-basis',
      title: 'Children placed, by legal basis',
      component: 'placed',
      unit: 'children',
      population: POPULATIONS.placed,
      rowHeader: 'Legal basis',
      rows:
        'The type of the order (or arrangement) in force as now recorded: after an order change, the new order. Orders of Northern Ireland are made only ' +
        'for children placed from Northern Ireland, and the others only in England and Wales; deprivation of liberty orders only for residential care.',
      categories: withTotal(
        legalBases().map((l) => ({ key: l.type, label: l.label, definition: `The rulebook's legal basis type ${l.type}.` })),
        placed,
      ),
      columns: [COUNT],
      sources: [],
    },
    {
      id: 'age-band',
      title: 'Children placed, by age at arrival',
      component: 'placed',
      unit: 'children',
      population: POPULATIONS.placed,
      rowHeader: 'Age at arrival',
      rows: `Age in whole years on the day (in London) the child arrived in Scotland. ${AGE_BANDS.why}`,
      categories: withTotal(bandCategories(AGE_BANDS), placed),
      columns: [COUNT],
      sources: ['P.age-limit'],
      notes: ['A date of birth erased under the retention rule keeps its year only (1 January): such a child may count one band younger.'],
    },
    {
      id: 'duration-band',
      title: 'Children placed, by time in Scotland',
      component: 'placed',
      unit: 'children',
      population: POPULATIONS.placed,
      rowHeader: 'Time in Scotland',
      rows: `Whole days from the arrival to the end of the period, or to the end of the placement if earlier. ${DURATION_BANDS.why}`,
      categories: withTotal(bandCategories(DURATION_BANDS), placed),
      columns: [COUNT],
      sources: [],
    },
    {
      id: 'advocacy',
      title: 'Children placed, by independent advocacy',
      component: 'placed',
      unit: 'children',
      population: POPULATIONS.placed,
      rowHeader: 'Advocacy',
      rows: 'The latest advocacy record when the return was made; an offer made again after a refusal counts as the new offer.',
      categories: withTotal(advocacy, placed),
      columns: [COUNT],
      sources: ['C7.advocacy-offer', 'C7.foster-advocacy', 'P.advocacy-settings'],
    },
    {
      id: 'legal-status',
      title: 'Children placed, by whether the order lapsed in the period',
      component: 'placed',
      unit: 'children',
      population: POPULATIONS.placed,
      rowHeader: 'Legal status in the period',
      rows: 'Whether the order was without effect in Scotland at any moment of the period.',
      categories: withTotal(
        [
          {
            key: 'unrecognised',
            label: 'Unrecognised at some time',
            definition:
              'A recognition clock was missed (from its due time, or from the arrival or move that decided it) and the placement had not ended by then, ' +
              'or the order was terminated with none in force: at some moment of the period the order had no effect in Scotland.',
          },
          { key: 'recognised-throughout', label: 'Not unrecognised', definition: 'No such moment in the period (pending, recognised or at risk throughout).' },
        ],
        placed,
      ),
      columns: [COUNT],
      sources: ['C12.unrecognised-arrival', 'C5.no-order-in-force', 'P.lapse-cured-by-late-notice'],
    },
    {
      id: 'first-notice',
      title: 'First notices due in the period, by when they were given',
      component: 'clocks',
      unit: 'first notices (clock C1.notice-before-arrival)',
      population: `${POPULATIONS.clocks} Here: the first Notice and Undertaking, due at the planned start.`,
      rowHeader: 'When the notice was given',
      rows:
        'A notice counts as given when every statutory recipient has accepted it (C1.notice-given). How long before the arrival: whole days from then to the ' +
        `recorded arrival. ${NOTICE_BANDS.why}`,
      categories: withTotal(
        [
          ...noticeBands,
          {
            key: 'given-before-arrival',
            label: 'Given before arrival (all)',
            definition: 'The sum of the bands above: given before the child arrived.',
            sumOf: noticeBands.map((b) => b.key),
          },
          {
            key: 'given-not-arrived',
            label: 'Given; arrival not recorded',
            definition: 'Given in time; the child has not arrived (or the placement ended before arrival).',
          },
          {
            key: 'given-after-arrival',
            label: 'Given after arrival',
            definition:
              'The child arrived before the notice was given: the order had no effect on arrival (late; the same count as Done late for C1 in the lapses table).',
          },
          {
            key: 'not-given-arrived',
            label: 'Not given; child arrived',
            definition: 'The child arrived and no notice has been given (missed; the same count as Not done for C1 in the lapses table).',
          },
          { key: 'not-given-not-arrived', label: 'Not given; arrival not recorded', definition: 'Neither a notice given nor an arrival recorded (open).' },
        ],
        'first notices due in the period',
      ),
      columns: [{ key: 'count', label: 'Number', definition: 'First notices.' }],
      sources: [FIRST_NOTICE_RULE, 'C1.notice-given'],
    },
    {
      id: 'renotification',
      title: 'Updated notices due in the period, by outcome',
      component: 'clocks',
      unit: 'updated notices (re-notification clocks)',
      population: `${POPULATIONS.clocks} Here: every clock met by an updated notice (after an order change, a move, a DoL extension or termination, the end).`,
      rowHeader: 'Updated notice',
      rows: 'Each re-notification clock of the rulebook, with a total row; a rule with none due shows zeros.',
      categories: null,
      columns: OUTCOME_COLUMNS,
      sources: renotificationRules(),
    },
    {
      id: 'lapses',
      title: 'Lapses in the period: recognition clocks missed',
      component: 'clocks',
      unit: 'lapses (missed recognition clocks)',
      population: `${POPULATIONS.clocks} Here: clocks whose miss leaves the order without effect in Scotland (missedEffect unrecognised), that were missed.`,
      rowHeader: 'Recognition clock',
      rows: 'Each recognition clock of the rulebook, with a total row. The cells for an updated-notice clock are the same counts as Late and Missed in the updated notices table.',
      categories: null,
      columns: LAPSE_COLUMNS,
      sources: recognitionRules(),
    },
    {
      id: 'first-visit',
      title: 'Children who arrived in the period, by time to the first visit',
      component: 'arrived',
      unit: 'children',
      population: POPULATIONS.arrived,
      rowHeader: 'Time to the first visit',
      rows: `Whole days from the arrival to the first visit by the placing authority recorded (VISIT_RECORDED). ${FIRST_CONTACT_BANDS.why}`,
      categories: contact('visit'),
      columns: [COUNT],
      sources: ['C8.first-visit'],
    },
    {
      id: 'first-review',
      title: 'Children who arrived in the period, by time to the first review',
      component: 'arrived',
      unit: 'children',
      population: POPULATIONS.arrived,
      rowHeader: 'Time to the first review',
      rows: `Whole days from the arrival to the first review of the care plan recorded after it (REVIEW_RECORDED). ${FIRST_CONTACT_BANDS.why}`,
      categories: contact('review'),
      columns: [COUNT],
      sources: ['C8.first-review'],
    },
  ];
}
