// The rulebook review pack as plain data: what a council solicitor or the Scottish Government's lawyers
// read and sign off before a rulebook version is used. Every rule in the order of the scheme, with its
// text, citation, confidence tag, note, examples as sentences and the questions they must answer; then
// the changes since the previous version. Renderers (PDF, HTML) only lay this out.
import { describeExample } from '../../machines/placement';
import {
  diffRulebooks,
  examplesOf,
  previousRulebook,
  type ClockRule,
  type Confidence,
  type NationalClockRule,
  type Rulebook,
  type Span,
} from '../../machines/rulebook';
import { CALENDARS } from '../../machines/calendar';
import { formatDate, formatInstant } from '../outbox/format';

export const CONFIDENCE_LABELS: Record<Confidence, string> = {
  '2026': 'Read in SSI 2026/31 or its 2026 guidance',
  '2022': 'Read in the 2022 scheme (SSI 2022/225 or its guidance); the 2026 wording is not confirmed',
  '2013': 'Read in the 2013 Transfer Regulations (SSI 2013/99)',
  infer: 'Our reading, chosen to protect the child: a legal officer must confirm it',
};

/** The order the pack lists the tags in: the instruments oldest first, then our own readings. */
export const CONFIDENCE_ORDER: readonly Confidence[] = ['2013', '2022', '2026', 'infer'];

export interface PackExample {
  number: string;
  title: string;
  point?: number;
  given: string;
  when: string[];
  then: string[];
}

export interface PackFact {
  label: string;
  value: string;
}

export interface PackRule {
  /** The rule's id, as the engine cites it (a recipient is `setting:role`, a notice field its key). */
  id: string;
  kind: string;
  title: string;
  text: string;
  citation: string;
  confidence: Confidence;
  /** The rule's note where it is read in a text; for an `infer` rule the note is in `toConfirm`. */
  note: string | null;
  facts: PackFact[];
  examples: PackExample[];
  /** What a legal officer must confirm: the open questions that name the rule, and its note where it is `infer`. */
  toConfirm: string[];
}

export interface PackChapter {
  id: string;
  heading: string;
  intro: string;
  rules: PackRule[];
}

export interface PackQuestion {
  id: string;
  question: string;
  rules: string[];
  meanwhile: string;
  citation: string;
}

export interface PackChange {
  kind: string;
  id: string;
  title: string;
  lines: string[];
}

export interface RulebookPackModel {
  rulebook: { id: string; title: string; instrument: string; inForceFrom: string; version: number };
  generatedAt: string;
  summary: { rules: number; examples: number; byConfidence: Record<Confidence, number>; questions: number };
  chapters: PackChapter[];
  questions: PackQuestion[];
  /** Rules tagged `infer` that no open question names: each note (rules sharing one listed together) is something to confirm too. */
  inferNotes: { ids: string[]; note: string }[];
  diff: { against: string; added: PackChange[]; removed: PackChange[]; changed: PackChange[] } | null;
  sources: { ref: string; title: string; where: string }[];
  confidenceLabels: Record<Confidence, string>;
}

// ---- the order of the scheme ------------------------------------------------------------------

/** The chapters in the scheme's order; an `optional` one is left out of a version with no rule in it. */
const CHAPTERS: { id: string; heading: string; intro: string; conditions: string[]; optional?: boolean }[] = [
  {
    id: 'legal-bases',
    heading: '1. The orders the scheme recognises',
    intro: 'Which orders and arrangements of England, Wales and Northern Ireland can be the legal basis of a placement, and in which settings.',
    conditions: ['Legal basis'],
  },
  {
    id: 'notice',
    heading: '2. The Notice and Undertaking before the child moves',
    intro:
      'What the placing authority must give, to whom and when, before the child arrives in Scotland; what the notice contains and what the placing authority undertakes.',
    conditions: ['C1', 'C2', 'C12'],
  },
  {
    id: 'changes',
    heading: '3. Effect while the conditions are met: changes of order, place and DoL period',
    intro: 'How long a new order has effect, what a move needs, and how long a deprivation of liberty order is recognised.',
    conditions: ['C3', 'C4', 'C5'],
  },
  {
    id: 'cso',
    heading: '4. A Scottish compulsory supervision order (Part 14)',
    intro: "When a children's hearing makes a CSO, the effect of the order ends.",
    conditions: ['C6'],
  },
  {
    id: 'advocacy',
    heading: '5. Independent advocacy',
    intro: 'What the Scottish Ministers must do for the child, in which settings and from when.',
    conditions: ['C7'],
  },
  {
    id: 'duties',
    heading: "6. The placing and host authorities' continuing duties",
    intro: "Visits and reviews under the home nation's law, the child's views and brothers and sisters, checks of the order's conditions, urgent transfers.",
    conditions: ['C8', 'REL', 'Duties'],
  },
  { id: 'enforcement', heading: '7. Enforcement', intro: 'What happens when the placing authority does not perform a duty.', conditions: ['C9'] },
  {
    id: 'transfer',
    heading: '8. Permanent transfer (Part 15)',
    intro: "Consent, notice to the Principal Reporter and the children's hearing.",
    conditions: ['C10'],
  },
  { id: 'end', heading: '9. The end of the placement', intro: 'When the regime ends and who must be told.', conditions: ['C11', 'Undertaking'] },
  {
    id: 'care-service',
    heading: '10. The care service',
    intro: 'What the care home or fostering service holds and records, and who is told.',
    conditions: ['Care service'],
    optional: true,
  },
  {
    id: 'transitional',
    heading: '11. Placements begun before these Regulations',
    intro: 'Placements under the 2022 deprivation of liberty scheme or a 2013 transfer, carried onto these Regulations when they came into force.',
    conditions: ['Transitional'],
    optional: true,
  },
];

/** Where each parameter belongs in the scheme's order (presentation only; an unlisted one goes last). */
const PARAMETER_CHAPTER: Record<string, string> = {
  'P.late-notice-allowed': 'notice',
  'P.notice-prints-child-name': 'notice',
  'P.lapse-cured-by-late-notice': 'changes',
  'P.non-working-start-day': 'changes',
  'P.dol-review-period-months': 'changes',
  'P.dol-period-from': 'changes',
  'P.dol-stated-expiry': 'changes',
  'P.terminated-order-has-effect': 'changes',
  'P.advocacy-settings': 'advocacy',
  'P.foster-advocacy-commencement': 'advocacy',
  'P.review-cycle-from': 'duties',
  'P.views-recorded-at': 'duties',
  'P.age-limit': 'end',
  'P.end-notice-after': 'end',
  // Retention runs from the end of the placement.
  'P.retention-years-after-end': 'end',
  'P.retention-until-age': 'end',
  // Like retention, keeping children from being identified in the counts is data protection.
  'P.small-cell-threshold': 'end',
};

const nationName = (n: string) => ({ england: 'England', wales: 'Wales', 'northern-ireland': 'Northern Ireland' })[n] ?? n;

/** One entry per distinct note, naming every rule that shares it. */
function groupNotes(rules: PackRule[]): { ids: string[]; note: string }[] {
  const byNote = new Map<string, string[]>();
  for (const r of rules) byNote.set(r.toConfirm[0], [...(byNote.get(r.toConfirm[0]) ?? []), r.id]);
  return [...byNote].map(([note, ids]) => ({ ids, note }));
}

const conditionOrder = (c: string) => {
  const m = /^C(\d+)$/.exec(c);
  return m ? Number(m[1]) : 100;
};

// ---- describing rules ---------------------------------------------------------------------------

function describeSpan(span: Span): string {
  if (span.unit === 'working-days') {
    const calendar = CALENDARS[span.calendar]?.name ?? span.calendar;
    return `${span.amount} working day${span.amount === 1 ? '' : 's'}, ${span.countStartDay ? 'counting the day it starts' : 'not counting the day it starts'} (${calendar})`;
  }
  const unit = span.unit === 'calendar-days' ? 'day' : span.unit.replace(/s$/, '');
  return `${span.amount} ${unit}${span.amount === 1 ? '' : 's'}`;
}

const MISSED: Record<string, string> = {
  unrecognised: 'the order no longer has effect in Scotland (unrecognised)',
  'non-compliant': 'a breach of duty, shown to reviewers; the order stands',
  'ends-regime': 'not a breach: the regime ends',
};
const DUTY: Record<string, string> = {
  placing: 'the placing authority',
  host: 'the host authority (its chief social work officer)',
  ministers: 'the Scottish Ministers',
  scra: 'the Principal Reporter (SCRA)',
  none: 'no one (a fact of time)',
};
const INSTANTS: Record<string, string> = {
  'dol-expiry': 'the end of the DoL period the recipients were told of',
  'current-dol-expiry': "the end of the DoL order's current recognition period",
  'eighteenth-birthday': 'the start of the day the child turns 18',
};

function clockFacts(rule: ClockRule | NationalClockRule): PackFact[] {
  const facts: PackFact[] = [];
  if ('clock' in rule) {
    const c = rule.clock;
    facts.push({
      label: 'Clock',
      value:
        c.kind === 'span'
          ? describeSpan(c.span)
          : c.kind === 'before-event'
            ? `before the ${c.event === 'MOVED' ? 'move' : 'child arrives'} (the event decides)`
            : `at ${INSTANTS[c.instant] ?? c.instant}`,
    });
  } else {
    for (const [nation, n] of Object.entries(rule.byNation))
      facts.push({ label: `Clock (${nationName(nation)})`, value: `${describeSpan(n.span)}: ${n.citation}${n.note ? `. ${n.note}` : ''}` });
  }
  if (rule.opensOn) facts.push({ label: 'Opens', value: `on ${rule.opensOn}` });
  if (rule.recurs) facts.push({ label: 'Recurs', value: 'opened again from each time it is met' });
  if ('beforeArrival' in rule && rule.beforeArrival) facts.push({ label: 'Before arrival', value: `${rule.beforeArrival} applies instead` });
  if ('applies' in rule && rule.applies)
    facts.push({
      label: 'Applies to',
      value: [
        rule.applies.settings ? `${rule.applies.settings.join(', ')} care` : null,
        rule.applies.commencementParameter ? `from the date in ${rule.applies.commencementParameter}` : null,
      ]
        .filter(Boolean)
        .join(', '),
    });
  facts.push({ label: 'Who acts', value: DUTY[rule.duty] ?? rule.duty });
  facts.push({ label: 'If missed', value: MISSED[rule.missedEffect] ?? rule.missedEffect });
  if (rule.atRiskWhileOpen) facts.push({ label: 'While open', value: 'the placement is at risk' });
  return facts;
}

const show = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '(none)';
  if (Array.isArray(v)) return v.length ? v.map(show).join(', ') : '(none)';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

// ---- the model -----------------------------------------------------------------------------------

export function buildRulebookPackModel(book: Rulebook, generatedAt: Date): RulebookPackModel {
  const examples = examplesOf(book);
  const questions = book.openQuestions ?? [];
  const questionsOf = (id: string) => questions.filter((q) => q.rules.includes(id));
  let exampleNo = 0;
  const examplesFor = (id: string): PackExample[] =>
    examples
      .filter((e) => e.rule === id)
      .map(({ example }) => {
        const d = describeExample(book, example);
        return {
          number: `E${++exampleNo}`,
          title: example.title,
          ...(example.point !== undefined ? { point: example.point } : {}),
          given: d.given,
          when: d.when,
          then: d.then,
        };
      });
  const rule = (
    id: string,
    kind: string,
    title: string,
    text: string,
    p: { citation: string; confidence: Confidence; note?: string },
    facts: PackFact[] = [],
  ): PackRule => {
    const infer = p.confidence === 'infer';
    const toConfirm = [...(infer && p.note ? [p.note] : []), ...questionsOf(id).map((q) => `${q.id}: ${q.question}`)];
    return {
      id,
      kind,
      title,
      text,
      citation: p.citation,
      confidence: p.confidence,
      note: infer ? null : (p.note ?? null),
      facts,
      examples: examplesFor(id),
      toConfirm,
    };
  };

  const chapters: PackChapter[] = CHAPTERS.map((c) => ({ id: c.id, heading: c.heading, intro: c.intro, rules: [] }));
  const other: PackChapter = { id: 'other', heading: '10. Other parameters', intro: 'Parameters not placed in a chapter above.', rules: [] };
  const chapterOf = (condition: string) => chapters.find((c) => CHAPTERS.find((x) => x.id === c.id)!.conditions.includes(condition)) ?? other;

  const timed = [
    ...Object.values(book.clocks).map((r) => ({ r, facts: clockFacts(r) })),
    ...Object.values(book.visits).map((r) => ({ r, facts: clockFacts(r) })),
    ...Object.values(book.conditions).map((r) => ({ r, facts: [] })),
  ]
    .map(({ r, facts }, i) => ({ r, facts, i }))
    .sort((a, b) => conditionOrder(a.r.condition) - conditionOrder(b.r.condition) || a.i - b.i);
  const byId = (id: string) => chapters.find((c) => c.id === id)!;

  byId('legal-bases').rules.push(
    ...book.legalBases.map((b) =>
      rule(
        b.type,
        'legal basis',
        b.label,
        `${b.isOrder ? 'An order' : 'An arrangement, not an order,'} of ${b.nations.map(nationName).join(', ')}; settings: ${b.settings.join(', ')}${b.deprivationOfLiberty ? '; authorises deprivation of liberty' : ''}.`,
        b,
      ),
    ),
  );
  for (const { r, facts } of timed) {
    chapterOf(r.condition).rules.push(rule(r.id, 'clock' in r ? 'clock' : 'byNation' in r ? 'home-nation clock' : 'condition', r.title, r.statement, r, facts));
  }
  const notice = byId('notice');
  for (const [setting, list] of Object.entries(book.recipients))
    for (const r of list)
      notice.rules.push(
        rule(
          `${setting}:${r.role}`,
          'recipient',
          `${r.label} (${setting} placements)`,
          r.required ? 'Receives the notice and decides whether it was given.' : 'Receives a copy; does not decide whether the notice was given.',
          r,
          [...(r.followUp ? [{ label: 'A failed copy', value: `followed up by ${r.followUp}` }] : [])],
        ),
      );
  for (const f of book.noticeFields)
    notice.rules.push(
      rule(
        f.key,
        'notice field',
        f.label,
        `Printed in the "${f.section}" section of the notice${f.mandatory ? '; the notice cannot be signed without it' : ''}.`,
        f,
      ),
    );
  for (const u of book.undertaking) notice.rules.push(rule(u.id, 'undertaking clause', u.id, u.text, u));
  for (const p of Object.values(book.parameters)) {
    const facts: PackFact[] = [{ label: 'Value', value: show(p.value) }];
    if (p.alternativeValue !== undefined) facts.push({ label: 'Other reading (shown beside)', value: show(p.alternativeValue) });
    (chapters.find((c) => c.id === PARAMETER_CHAPTER[p.id]) ?? other).rules.push(rule(p.id, 'parameter', p.id, p.statement, p, facts));
  }
  if (other.rules.length) chapters.push(other);
  // Numbered as shown: a chapter left out leaves no gap.
  const shown = chapters
    .filter((c) => c.rules.length > 0 || !CHAPTERS.find((x) => x.id === c.id)?.optional)
    .map((c, i) => ({ ...c, heading: `${i + 1}. ${c.heading.replace(/^\d+\. /, '')}` }));

  const all = shown.flatMap((c) => c.rules);
  const byConfidence: Record<Confidence, number> = { '2026': 0, '2022': 0, '2013': 0, infer: 0 };
  for (const r of all) byConfidence[r.confidence]++;
  const named = new Set(questions.flatMap((q) => q.rules));

  const previous = previousRulebook(book);
  let diff: RulebookPackModel['diff'] = null;
  if (previous) {
    const d = diffRulebooks(previous, book);
    diff = {
      against: previous.id,
      added: d.added.map((a) => ({ kind: a.kind, id: a.id, title: a.title, lines: [] })),
      removed: d.removed.map((a) => ({ kind: a.kind, id: a.id, title: a.title, lines: [] })),
      changed: d.changed.map((c) => ({
        kind: c.kind,
        id: c.id,
        title: c.title,
        lines: c.fields.map((f) => `${f.field}: ${show(f.from)} → ${show(f.to)}`),
      })),
    };
  }

  return {
    rulebook: { id: book.id, title: book.title, instrument: book.instrument, inForceFrom: formatDate(book.inForceFrom, book.timeZone), version: book.version },
    generatedAt: formatInstant(generatedAt.toISOString(), book.timeZone),
    summary: { rules: all.length, examples: examples.length, byConfidence, questions: questions.length },
    chapters: shown,
    questions: questions.map((q) => ({ id: q.id, question: q.question, rules: q.rules, meanwhile: q.meanwhile, citation: q.citation })),
    inferNotes: groupNotes(all.filter((r) => r.confidence === 'infer' && r.toConfirm.length && !named.has(r.id))),
    diff,
    sources: book.sources ?? [],
    confidenceLabels: CONFIDENCE_LABELS,
  };
}
