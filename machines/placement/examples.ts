// Runs and describes the executable examples kept beside each rule (machines/rulebook): given a placement
// and events at times, the machine must give the deadlines and the legal status the example states.
// Pure: every time is in the example; nothing reads a clock.
import { DateTime } from 'luxon';
import { LEGAL_TIME_ZONE } from '../calendar';
import { examplesOf, getRulebook, type Provenance, type Rulebook, type RuleExample, type ExampleStep, type ParameterValue } from '../rulebook';
import { isOneOf, isRecord } from '../guards';
import { SYSTEM_EVENT_TYPES, SystemEventSchema, UserEventSchema } from './events';
import { applyEvent, elapseDue, startPlacement, viewOf, type PersistedPlacement } from './snapshot';
import { carryOver } from './transitional';
import type { PlacementEvent, PlacementInput } from './types';

/** The placement every example starts from, unless its `given` says otherwise. */
export const EXAMPLE_BASE: Omit<PlacementInput, 'rulebookId'> = {
  placementId: 'example',
  placingAuthorityId: 'E08000025',
  placingNation: 'england',
  child: { firstName: 'Example', lastName: 'Child', dateOfBirth: '2012-04-02', gender: 'female' },
  setting: 'residential',
  legalBasis: { type: 'care-order', court: 'Family Court at Birmingham', madeOn: '2026-03-01', effectiveFrom: '2026-03-02T10:00:00Z', expiresAt: null },
  placement: {
    hostAuthorityId: 'S12000033',
    serviceName: 'Harbour House',
    serviceAddress: '1 Quay Road, Aberdeen',
    serviceEmail: 'manager@harbourhouse.example.org',
    careInspectorateNumber: 'CS2020000001',
    plannedStart: '2026-03-05T10:00:00Z',
    permanence: 'temporary',
  },
  createdAt: '2026-03-02T09:00:00Z',
};

const SIGNATORY = { name: 'Jo Bloggs', role: 'Head of Children in Care' };

export interface ExampleOutcome {
  ok: boolean;
  /** What differed from the example, one line each (empty when ok). */
  failures: string[];
}

export interface ExampleResult extends ExampleOutcome {
  rulebook: string;
  rule: string;
  title: string;
  point?: number;
}

/** The rulebook with the example's what-if parameter values (same id, so a placement can run under it). */
export function exampleBook(book: Rulebook, example: RuleExample): Rulebook {
  const overrides = example.given?.parameters;
  if (!overrides) return book;
  const parameters = { ...book.parameters };
  for (const [id, value] of Object.entries(overrides))
    parameters[id] = { ...(parameters[id] ?? { id, statement: 'What-if value for an example', citation: 'example', confidence: 'infer' as const }), value };
  return { ...book, parameters };
}

export function exampleInput(book: Rulebook, example: RuleExample): PlacementInput {
  const g = example.given ?? {};
  return {
    ...EXAMPLE_BASE,
    // A placement begun under an earlier scheme starts under that scheme's rulebook (CARRIED_OVER moves it to `book`).
    rulebookId: g.scheme ?? book.id,
    ...(g.setting ? { setting: g.setting } : {}),
    ...(g.placingNation ? { placingNation: g.placingNation } : {}),
    ...(g.createdAt ? { createdAt: g.createdAt } : {}),
    ...(g.lookedAfterSince ? { lookedAfterSince: g.lookedAfterSince } : {}),
    child: { ...EXAMPLE_BASE.child, ...(g.dateOfBirth ? { dateOfBirth: g.dateOfBirth } : {}) },
    legalBasis: { ...EXAMPLE_BASE.legalBasis, ...(g.legalBasis ?? {}) },
    placement: { ...EXAMPLE_BASE.placement, ...(g.plannedStart ? { plannedStart: g.plannedStart } : {}) },
  };
}

type Parsed = { ok: true; event: PlacementEvent } | { ok: false; message: string };

/** A schema-checked event, as the API would accept it; every step is stamped with its `at`. */
function parseEvent(raw: Record<string, unknown> & { at: string }): Parsed {
  const r = (isOneOf(SYSTEM_EVENT_TYPES, raw.type) ? SystemEventSchema : UserEventSchema).safeParse(raw);
  return r.success
    ? { ok: true, event: { ...r.data, at: r.data.at ?? raw.at } }
    : { ok: false, message: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

/** The strings of a list field of an example step (`except`), or none. */
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The events one step stands for, given the placement so far. */
function eventsOfStep(p: PersistedPlacement, step: ExampleStep): Parsed[] {
  const w = step.with ?? {};
  const except = strings(w.except);
  const deliveries = (q: PersistedPlacement) => {
    const n = q.context.notices[q.context.notices.length - 1];
    if (!n) return [];
    return n.recipients
      .filter((r) => r.status !== 'accepted' && !except.includes(r.role))
      .map((r) => parseEvent({ type: 'DELIVERY_ACCEPTED', version: n.version, recipient: r.role, at: step.at }));
  };
  switch (step.event) {
    case 'NOTICE_GIVEN':
      // Signing first; the deliveries are built after it is applied (see run).
      return [parseEvent({ type: p.context.notices.length ? 'NOTICE_UPDATED' : 'NOTICE_SIGNED', signatory: SIGNATORY, at: step.at })];
    case 'DELIVERED':
      return deliveries(p);
    case 'DEADLINE_ELAPSED': {
      const d = [...p.context.deadlines].reverse().find((x) => x.rule === w.rule && x.status === 'open');
      return d
        ? [parseEvent({ type: 'DEADLINE_ELAPSED', deadlineId: d.id, rule: d.rule, at: step.at })]
        : [{ ok: false, message: `no open ${String(w.rule)} clock to elapse` }];
    }
    case 'NOTICE_SIGNED':
    case 'NOTICE_UPDATED':
      return [parseEvent({ type: step.event, signatory: SIGNATORY, ...w, at: step.at })];
    case 'DELIVERY_FAILED': {
      const n = p.context.notices[p.context.notices.length - 1];
      return [parseEvent({ type: step.event, version: n?.version ?? 1, reason: 'not delivered', ...w, at: step.at })];
    }
    default:
      return [parseEvent({ type: step.event, ...w, at: step.at })];
  }
}

/** Every rule-like item of a rulebook by its id, key, role or type (for the examples' `rules` facts). */
export function rulebookItem(book: Rulebook, id: string): Provenance | undefined {
  const find = <T extends Provenance>(items: readonly T[], name: (x: T) => string): Provenance | undefined => items.find((x) => name(x) === id);
  return (
    find(Object.values(book.clocks), (x) => x.id) ??
    find(Object.values(book.visits), (x) => x.id) ??
    find(Object.values(book.conditions), (x) => x.id) ??
    find(Object.values(book.parameters), (x) => x.id) ??
    find(book.undertaking, (x) => x.id) ??
    find(book.openQuestions ?? [], (x) => x.id) ??
    find(book.noticeFields, (x) => x.key) ??
    find(book.legalBases, (x) => x.type) ??
    find(Object.values(book.recipients).flat(), (x) => x.role)
  );
}

const same = (a: string, b: string) => Date.parse(a) === Date.parse(b);

/** Run one example under a rulebook: what differs from what it states. Never throws. */
export function runExample(rulebook: Rulebook, example: RuleExample): ExampleOutcome {
  const failures: string[] = [];
  try {
    const book = exampleBook(rulebook, example);
    const scheme = example.given?.scheme;
    const started = startPlacement(exampleInput(book, example), scheme ? getRulebook(scheme) : book);
    if (!started.ok) return { ok: false, failures: [`the placement is refused: ${started.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`] };
    let p = started.placement;
    /** The rulebook the placement runs under now: its scheme's until it is carried over to the example's. */
    const under = () => (p.rulebookId === book.id ? book : getRulebook(p.rulebookId));
    example.steps.forEach((step, i) => {
      if (failures.length) return;
      const label = `step ${i + 1} (${step.event} at ${step.at})`;
      if (step.event === 'CARRIED_OVER') {
        p = carryOver(elapseDue(p, step.at), book, step.at);
        if (p.rulebookId !== book.id) failures.push(`${label}: the placement was not carried over to ${book.id}`);
        return;
      }
      let refusal: string | null = null;
      const apply = (parsed: Parsed[], deliveries = false) => {
        for (const e of parsed) {
          if (refusal) return;
          // The notice that ends the placement makes it final: later copies are not recorded on it.
          if (deliveries && typeof p.value === 'string') return;
          if (!e.ok) {
            refusal = e.message;
            return;
          }
          const r = applyEvent(p, e.event, under());
          if (r.ok) p = r.placement;
          else refusal = r.reason === 'invalid' ? r.errors.map((x) => `${x.path}: ${x.message}`).join('; ') : r.message;
        }
      };
      apply(eventsOfStep(p, step), step.event === 'DELIVERED');
      if (step.event === 'NOTICE_GIVEN' && !refusal) apply(eventsOfStep(p, { ...step, event: 'DELIVERED' }), true);
      if (step.refused && !refusal) failures.push(`${label} was accepted; it should be refused`);
      if (!step.refused && refusal) failures.push(`${label} was refused: ${refusal}`);
    });
    if (failures.length) return { ok: false, failures };

    const x = example.expect;
    if (x.asOf) p = elapseDue(p, x.asOf, under());
    const view = viewOf(p, under());
    if (x.status !== undefined && view.legalStatus.code !== x.status) failures.push(`legal status is ${view.legalStatus.code}, not ${x.status}`);
    if (x.reasons) {
      const got = [...new Set(view.legalStatus.reasons.map((r) => r.rule))].sort();
      if (got.join(',') !== [...x.reasons].sort().join(','))
        failures.push(`the legal status cites ${got.join(', ') || 'nothing'}, not ${x.reasons.join(', ')}`);
    }
    if (x.lifecycle !== undefined && view.lifecycle !== x.lifecycle) failures.push(`the placement is ${view.lifecycle}, not ${x.lifecycle}`);
    for (const want of x.deadlines ?? []) {
      const d = [...p.context.deadlines].reverse().find((y) => y.rule === want.rule);
      if (want.absent) {
        if (d) failures.push(`${want.rule} was opened (due ${d.dueAt}); it should not be`);
        continue;
      }
      if (!d) {
        failures.push(`no ${want.rule} clock was opened`);
        continue;
      }
      if (want.status && d.status !== want.status) failures.push(`${want.rule} is ${d.status}, not ${want.status}`);
      if (want.dueAt && !same(d.dueAt, want.dueAt)) failures.push(`${want.rule} is due ${d.dueAt}, not ${want.dueAt}`);
      if (want.alternativeDueAt === null && d.alternativeDueAt)
        failures.push(`${want.rule} shows another reading's date ${d.alternativeDueAt}; it should show none`);
      if (want.alternativeDueAt && !(d.alternativeDueAt && same(d.alternativeDueAt, want.alternativeDueAt)))
        failures.push(`${want.rule} shows ${d.alternativeDueAt ?? 'no date'} under the other reading, not ${want.alternativeDueAt}`);
      if (want.citationIncludes && !d.citation.includes(want.citationIncludes))
        failures.push(`${want.rule} cites "${d.citation}", which lacks "${want.citationIncludes}"`);
    }
    for (const want of x.rules ?? []) {
      const item = rulebookItem(book, want.id);
      if (want.present === false) {
        if (item) failures.push(`${want.id} is in the rulebook; it should not be`);
        continue;
      }
      if (!item) {
        failures.push(`${want.id} is not in the rulebook`);
        continue;
      }
      if (want.confidence && item.confidence !== want.confidence) failures.push(`${want.id} is tagged ${item.confidence}, not ${want.confidence}`);
      if (want.citationIncludes && !item.citation.includes(want.citationIncludes))
        failures.push(`${want.id} cites "${item.citation}", which lacks "${want.citationIncludes}"`);
    }
  } catch (err) {
    failures.push(`error: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { ok: failures.length === 0, failures };
}

/** Every example of a rulebook, run under it. */
export function runExamples(book: Rulebook): ExampleResult[] {
  return examplesOf(book).map(({ rule, example }) => ({
    rulebook: book.id,
    rule,
    title: example.title,
    ...(example.point !== undefined ? { point: example.point } : {}),
    ...runExample(book, example),
  }));
}

// ---- the examples as sentences (for the review pack) -----------------------------------------------

const local = (iso: string) => DateTime.fromISO(iso, { zone: LEGAL_TIME_ZONE });

/** "1 June 2026 at 10:00", or "the end of 1 June 2026" for a day's last millisecond (UK time). */
export function describeInstant(iso: string): string {
  const t = local(iso);
  if (t.hour === 23 && t.minute === 59 && t.second === 59) return `the end of ${t.toFormat('cccc d LLLL yyyy')}`;
  return `${t.toFormat('cccc d LLLL yyyy')} at ${t.toFormat('HH:mm')}`;
}
const describeDate = (date: string) => DateTime.fromISO(date, { zone: LEGAL_TIME_ZONE }).toFormat('d LLLL yyyy');

const PHRASES: Record<string, (w: Record<string, unknown>) => string> = {
  NOTICE_GIVEN: () => 'the Notice and Undertaking (or its update) is signed and every recipient accepts it',
  DELIVERED: (w) => `the newest notice is accepted by every recipient${strings(w.except).length ? ` except ${strings(w.except).join(', ')}` : ''}`,
  NOTICE_SIGNED: (w) =>
    isRecord(w.signatory) ? `a notice is signed by "${String(w.signatory.name ?? '').trim() || '(no name)'}"` : 'the notice is signed and sent',
  NOTICE_UPDATED: () => 'an updated notice is signed and sent',
  DELIVERY_FAILED: (w) => `the copy to ${String(w.recipient)} cannot be delivered (${String(w.reason ?? 'not delivered')})`,
  DEADLINE_ELAPSED: (w) => `the ${String(w.rule)} clock elapses`,
  CHILD_ARRIVED: () => 'the child arrives in Scotland',
  ORDER_CHANGED: (w) => {
    const b = isRecord(w.legalBasis) ? w.legalBasis : {};
    return `a new order (${String(b.type)}) is made on ${describeDate(String(b.madeOn))} and recorded`;
  },
  MOVE_PROPOSED: (w) =>
    `a move to ${String(isRecord(w.placement) ? w.placement.serviceName : undefined)}${w.setting ? ` (${String(w.setting)} care)` : ''} is proposed`,
  MOVED: () => 'the child moves',
  DOL_EXTENDED: (w) =>
    `the court reviews and continues the DoL order${w.reviewedOn ? ` on ${describeDate(String(w.reviewedOn))}` : ''}, to ${describeInstant(String(w.expiresAt))}`,
  DOL_TERMINATED: () => 'the DoL order is terminated',
  SCOTTISH_CSO_MADE: (w) => `a children's hearing makes ${w.interim ? 'an interim' : 'a'} compulsory supervision order`,
  ADVOCACY_OFFERED: () => 'the child is told of and offered advocacy',
  ADVOCACY_NOT_APPROPRIATE: (w) => `advocacy is recorded as not appropriate: "${String(w.reason)}"`,
  VISIT_RECORDED: () => 'the placing authority visits the child',
  REVIEW_RECORDED: () => "the child's care plan is reviewed",
  ENFORCEMENT_NOTICE_ISSUED: () => 'the Scottish Ministers give notice of intent to apply to a sheriff',
  TRANSFER_PROPOSED: () => 'a permanent (Part 15) transfer is proposed',
  TRANSFER_CONSENTED: () => 'the host authority consents in writing',
  TRANSFER_EFFECTIVE: () => 'the transfer takes effect',
  REPORTER_NOTIFIED: () => 'the host authority gives notice to the Principal Reporter',
  HEARING_HELD: () => "the children's hearing is held",
  PLACEMENT_ENDED: (w) => `the placement ends (${String(w.reason)})`,
  CONDITIONS_CHECKED: (w) => `the placing authority checks the order's conditions (${w.conditionsMet ? 'complied with' : 'not complied with'})`,
  URGENT_TRANSFER_MADE: () => 'the host authority moves the child urgently to another place',
  URGENT_TRANSFER_REPORTED: () => 'the host authority tells the placing authority of the urgent transfer',
  CARRIED_OVER: () => 'SSI 2026/31 comes into force and the placement is carried onto this rulebook',
  SERVICE_EVIDENCE_CONFIRMED: (w) => `the care service confirms it holds evidence of the order ("${String(w.evidence)}")`,
  CHILD_DEPARTED: (w) => `the child leaves the care service${w.reason ? ` (${String(w.reason)})` : ''}`,
  CHILD_VIEWS_RECORDED: (w) => {
    const v = w.childViews as { method?: string } | undefined;
    return `the child's views are recorded (${String(w.occasion)}; ${v?.method === 'not-possible' ? 'not possible to hear them' : `heard ${v?.method === 'advocate' ? 'through an advocate' : 'directly'}`})`;
  },
  SIBLING_RECORDED: (w) => {
    const s = w.sibling as { livesWhere?: string } | undefined;
    return `a brother or sister is recorded (${s?.livesWhere === 'same-placement' ? 'placed together' : `living apart: ${String(s?.livesWhere)}`})`;
  },
  FAMILY_TIME_ARRANGED: () => 'family time is arranged',
  FAMILY_TIME_RECORDED: (w) => `family time is ${(w.session as { held?: boolean } | undefined)?.held ? 'held' : 'missed'}`,
  ADVOCACY_MATTER_RAISED: () => 'the child raises a matter through the advocate',
  ADVOCACY_MATTER_UPDATED: () => 'what happened about the matter is recorded',
};

const phrase = (step: ExampleStep) => (PHRASES[step.event] ?? (() => `${step.event}`))(step.with ?? {});

function describeGiven(book: Rulebook, example: RuleExample): string {
  const input = exampleInput(exampleBook(book, example), example);
  const lb = input.legalBasis;
  const basisLabel = book.legalBases.find((b) => b.type === lb.type)?.label ?? lb.type;
  const parts = [
    `A ${input.setting} placement from ${input.placingNation === 'northern-ireland' ? 'Northern Ireland' : input.placingNation[0].toUpperCase() + input.placingNation.slice(1)}`,
    `under ${/^[AEIOU]/i.test(basisLabel) ? 'an' : 'a'} ${basisLabel.replace(/^[A-Z]/, (c) => c.toLowerCase())} made on ${describeDate(lb.madeOn)}${lb.expiresAt ? ` and stated to expire ${describeInstant(lb.expiresAt)}` : ''},`,
    `for a child born on ${describeDate(input.child.dateOfBirth)};`,
    `the draft notification created ${describeInstant(input.createdAt)}, planned start ${describeInstant(input.placement.plannedStart)}.`,
  ];
  if (input.lookedAfterSince) parts.push(`The child has been looked after since ${describeDate(input.lookedAfterSince)}.`);
  if (example.given?.scheme) parts.push(`The placement began under ${getRulebook(example.given.scheme).instrument} (rulebook ${example.given.scheme}).`);
  const whatIf: Record<string, ParameterValue> = example.given?.parameters ?? {};
  for (const [id, value] of Object.entries(whatIf)) parts.push(`What if ${id} were ${JSON.stringify(value)}.`);
  return parts.join(' ');
}

/** An example as the sentences a legal officer reads: given, when (one per step), then. */
export function describeExample(book: Rulebook, example: RuleExample): { given: string; when: string[]; then: string[] } {
  const when = example.steps.map((s) => `${describeInstant(s.at)}: ${phrase(s)}${s.refused ? ' - this is refused' : ''}.`);
  const then: string[] = [];
  const x = example.expect;
  const prefix = x.asOf ? `As at ${describeInstant(x.asOf)}, after the clocks then due have elapsed: ` : '';
  if (x.status) then.push(`${prefix}the legal status is "${x.status}"${x.reasons?.length ? `, because of ${x.reasons.join(', ')}` : ''}.`);
  else if (prefix) then.push(prefix.replace(/: $/, '.'));
  if (x.lifecycle) then.push(`The placement is ${x.lifecycle}.`);
  for (const d of x.deadlines ?? []) {
    if (d.absent) {
      then.push(`No ${d.rule} clock is opened.`);
      continue;
    }
    const bits = [`${d.rule}${d.status ? ` is ${d.status}` : ''}`];
    if (d.dueAt) bits.push(`due by ${describeInstant(d.dueAt)}`);
    if (d.alternativeDueAt) bits.push(`(on the other reading, by ${describeInstant(d.alternativeDueAt)})`);
    if (d.alternativeDueAt === null) bits.push('(one date on either reading)');
    if (d.citationIncludes) bits.push(`citing ${d.citationIncludes}`);
    then.push(`${bits.join(', ')}.`);
  }
  for (const r of x.rules ?? [])
    then.push(
      r.present === false
        ? `The rulebook has no ${r.id}.`
        : `${r.id}${r.confidence ? ` is tagged ${r.confidence}` : ' is in the rulebook'}${r.citationIncludes ? ` and cites ${r.citationIncludes}` : ''}.`,
    );
  return { given: describeGiven(book, example), when: when.length ? when : ['Nothing happens yet.'], then };
}
