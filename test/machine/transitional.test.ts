// Placements begun before SSI 2026/31: the history replayed under the rulebook of the scheme it happened under,
// carried onto the 2026 rulebook on 9 February 2026, and the audit trail of that replay rebuilding the same
// placement when a rulebook migration replays it.
import {
  applyEvent,
  carryOver,
  planRulebookMigration,
  replayTransitional,
  viewOf,
  type HistoryEvent,
  type PersistedPlacement,
  type PlacementInput,
  type ReplayStep,
  type StoredEvent,
} from '../../machines/placement';
import { getRulebook, type Rulebook } from '../../machines/rulebook';
import { ssi2013v1 } from '../../machines/rulebook/ssi-2013-99.v1';
import { ssi2022v1 } from '../../machines/rulebook/ssi-2022-225.v1';
import { ssi2026v2 } from '../../machines/rulebook/ssi-2026-31.v2';

const NOW = '2026-12-01T12:00:00Z';
const signatory = { name: 'Jo Bloggs', role: 'Head of Children in Care' };

function input(overrides: Partial<PlacementInput> = {}): PlacementInput {
  return {
    placementId: 'imported-1',
    rulebookId: ssi2022v1.id,
    placingAuthorityId: 'E08000025',
    placingNation: 'england',
    child: { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '2011-04-02', gender: 'female' },
    setting: 'residential',
    legalBasis: { type: 'dol-order', court: 'High Court (Family Division)', madeOn: '2025-10-01', effectiveFrom: '2025-10-01T10:00:00Z', expiresAt: null },
    placement: {
      hostAuthorityId: 'S12000033',
      serviceName: 'Harbour House',
      careInspectorateNumber: 'CS2020000001',
      plannedStart: '2025-10-06T10:00:00Z',
      permanence: 'temporary',
    },
    createdAt: '2025-10-01T12:00:00Z',
    ...overrides,
  };
}

/** A DoL placement from October 2025, reviewed and continued every three months, visited monthly. */
const history: HistoryEvent[] = [
  { type: 'NOTICE_GIVEN', signatory, at: '2025-10-02T09:00:00Z' },
  { type: 'CHILD_ARRIVED', at: '2025-10-06T11:00:00Z' },
  { type: 'ADVOCACY_OFFERED', at: '2025-10-08T10:00:00Z' },
  { type: 'VISIT_RECORDED', at: '2025-10-10T10:00:00Z' },
  { type: 'DOL_EXTENDED', expiresAt: '2026-04-30T10:00:00Z', reviewedOn: '2025-12-22', at: '2025-12-22T10:00:00Z' },
  { type: 'NOTICE_GIVEN', signatory, at: '2025-12-22T15:00:00Z' },
  { type: 'DOL_EXTENDED', expiresAt: '2026-07-30T10:00:00Z', reviewedOn: '2026-03-16', at: '2026-03-16T10:00:00Z' },
  { type: 'NOTICE_GIVEN', signatory, at: '2026-03-16T15:00:00Z' },
];

const ok = (r: ReturnType<typeof replayTransitional>) => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
};
const last = (p: PersistedPlacement, rule: string) => [...p.context.deadlines].reverse().find((d) => d.rule === rule);

describe('a 2022 DoL placement imported with its history', () => {
  const r = ok(replayTransitional({ input: input(), history, to: ssi2026v2, now: NOW }));
  const p = r.placement;

  test('is carried onto the active rulebook on 9 February 2026 and marked with its scheme', () => {
    expect(r.carriedOver).toBe(true);
    expect(p.rulebookId).toBe(ssi2026v2.id);
    expect(p.context.transitional).toEqual({
      scheme: 'ssi-2022-225',
      schemeRulebookId: 'ssi-2022-225@1',
      instrument: 'SSI 2022/225',
      carriedOverAt: '2026-02-09T00:00:00.000Z',
      carriedOverTo: ssi2026v2.id,
    });
    const carried = r.steps.filter((s): s is Extract<ReplayStep, { kind: 'carried-over' }> => s.kind === 'carried-over');
    expect(carried).toHaveLength(1);
    expect(carried[0]).toMatchObject({ from: 'ssi-2022-225@1', to: ssi2026v2.id });
  });

  test('what happened before cites the 2022 scheme; what runs now cites the 2026 rulebook', () => {
    expect(last(p, 'C1.notice-before-arrival')).toMatchObject({ status: 'met', citation: expect.stringContaining('SSI 2022/225') });
    // The first DoL period was decided under 2022: met by the review of 22 December.
    const first = p.context.deadlines.find((d) => d.rule === 'C5.dol-expiry')!;
    expect(first).toMatchObject({ status: 'met', citation: expect.stringContaining('SSI 2022/225') });
    // The period running on 9 February was carried over (the two schemes set it alike), then met by the March review.
    const carriedPeriod = p.context.deadlines.filter((d) => d.rule === 'C5.dol-expiry')[1];
    expect(carriedPeriod.note).toMatch(/carried over from SSI 2022\/225 to SSI 2026\/31 on 2026-02-09/);
    expect(carriedPeriod.citation).toBe(ssi2026v2.clocks['C5.dol-expiry'].citation);
    // Reviewed and continued on 16 March: 3 months beginning that day end with 15 June.
    expect(last(p, 'C5.dol-expiry')).toMatchObject({ status: 'open', dueAt: '2026-06-15T22:59:59.999Z' });
  });

  test('the 2026 notice given on 16 March met the transitional notice, late: a breach, not a lapse', () => {
    const t = last(p, 'T.transitional-notice')!;
    expect(t).toMatchObject({ status: 'missed', metAt: '2026-03-16T15:00:00.000Z', dueAt: '2026-03-09T23:59:59.999Z' });
    expect(p.context.notices.at(-1)?.reasons).toEqual(expect.arrayContaining(['transitional', 'dol-extension']));
    expect(viewOf(p).legalStatus.code).toBe('recognised');
  });

  test('clocks that fell due between events elapsed at their due time, as the scheduler would have', () => {
    const elapsed = r.steps.flatMap((s) => (s.kind === 'elapsed' ? [s.event] : []));
    // No visit was recorded after 10 October: the 6-week visit clock fell due on 21 November and was missed then.
    const visit = p.context.deadlines.find((d) => d.rule === 'C8.visit')!;
    expect(visit).toMatchObject({ openedAt: '2025-10-10T10:00:00.000Z', dueAt: '2025-11-21T23:59:59.999Z', status: 'missed', metAt: null });
    expect(elapsed.find((e) => e.rule === 'C8.visit')).toMatchObject({ deadlineId: visit.id, at: visit.dueAt });
    // Before the carry-over, so it was decided under the 2022 scheme (home-nation law either way).
    expect(Date.parse(visit.closedAt!)).toBeLessThan(Date.parse('2026-02-09T00:00:00Z'));
  });

  test('historical notices are recorded as given by every statutory recipient of their scheme, on their date', () => {
    const v1 = p.context.notices[0];
    expect(v1.recipients.map((x) => [x.role, x.status, x.at])).toEqual([
      ['host-authority', 'accepted', '2025-10-02T09:00:00.000Z'],
      ['care-inspectorate', 'accepted', '2025-10-02T09:00:00.000Z'],
      ['scottish-ministers', 'accepted', '2025-10-02T09:00:00.000Z'],
    ]);
    // The version given after the carry-over goes to the 2026 recipients, copies included.
    expect(p.context.notices.at(-1)?.recipients.map((x) => x.role)).toEqual(ssi2026v2.recipients.residential.map((x) => x.role));
  });

  test('the audit trail of the replay rebuilds the same placement when a rulebook migration replays it', () => {
    const stored = storedEvents(input(), r.steps);
    const plan = planRulebookMigration({ placement: p, events: stored, to: ssi2026v2, now: NOW });
    expect(plan.ok).toBe(true);
    expect(plan.skipped).toEqual([]);
    expect(plan.deadlines).toMatchObject({ added: [], removed: [], changed: [] });
    expect(plan.legalStatus.after?.code).toBe(plan.legalStatus.before.code);
    expect(plan.placement?.context.transitional?.carriedOverAt).toBe('2026-02-09T00:00:00.000Z');
  });
});

describe('the law of each period', () => {
  test('a child moved before the notice under the 2022 scheme stays unrecognised after the carry-over', () => {
    const late: HistoryEvent[] = [
      { type: 'CHILD_ARRIVED', at: '2025-10-06T11:00:00Z' },
      { type: 'NOTICE_GIVEN', signatory, at: '2025-10-07T09:00:00Z' },
      { type: 'DOL_EXTENDED', expiresAt: '2026-04-30T10:00:00Z', reviewedOn: '2025-12-22', at: '2025-12-22T10:00:00Z' },
      { type: 'NOTICE_GIVEN', signatory, at: '2025-12-22T15:00:00Z' },
    ];
    const p = ok(replayTransitional({ input: input(), history: late, to: ssi2026v2, now: NOW })).placement;
    expect(p.rulebookId).toBe(ssi2026v2.id);
    const status = viewOf(p).legalStatus;
    expect(status.code).toBe('unrecognised');
    expect(status.reasons[0]).toMatchObject({ rule: 'C1.notice-before-arrival', citation: expect.stringContaining('SSI 2022/225') });
  });

  test('a DoL order not reviewed before its relevant period ended lapsed under 2022, before the carry-over', () => {
    const p = ok(replayTransitional({ input: input(), history: history.slice(0, 4), to: ssi2026v2, now: NOW })).placement;
    const period = p.context.deadlines.find((d) => d.rule === 'C5.dol-expiry')!;
    expect(period).toMatchObject({ status: 'missed', dueAt: '2025-12-31T23:59:59.999Z', citation: expect.stringContaining('SSI 2022/225') });
    expect(viewOf(p).legalStatus).toMatchObject({ code: 'unrecognised', reasons: [expect.objectContaining({ rule: 'C5.dol-expiry' })] });
    // Still owed under 2026: the transitional notice, open from the carry-over.
    expect(last(p, 'T.transitional-notice')).toMatchObject({ status: 'open', openedAt: '2026-02-09T00:00:00.000Z' });
  });

  test('a 2013 transfer completed before 2026 stays under its scheme: transferred, nothing owed under 2026', () => {
    const transfer: HistoryEvent[] = [
      { type: 'NOTICE_GIVEN', signatory, at: '2024-09-04T09:00:00Z' },
      { type: 'CHILD_ARRIVED', at: '2024-09-10T11:00:00Z' },
      { type: 'TRANSFER_PROPOSED', at: '2024-09-10T12:00:00Z' },
      { type: 'TRANSFER_CONSENTED', at: '2024-09-11T10:00:00Z' },
      { type: 'TRANSFER_EFFECTIVE', at: '2024-09-12T10:00:00Z' },
      { type: 'REPORTER_NOTIFIED', at: '2024-09-13T10:00:00Z' },
      { type: 'HEARING_HELD', at: '2024-10-01T10:00:00Z' },
    ];
    const r = ok(
      replayTransitional({
        input: input({
          rulebookId: ssi2013v1.id,
          placingNation: 'northern-ireland',
          placingAuthorityId: 'ni-belfast-hsct',
          legalBasis: { type: 'ni-supervision-order', madeOn: '2024-09-02', effectiveFrom: '2024-09-02T10:00:00Z', expiresAt: null },
          createdAt: '2024-09-03T09:00:00Z',
          placement: { ...input().placement, plannedStart: '2024-09-10T10:00:00Z' },
        }),
        history: transfer,
        to: ssi2026v2,
        now: NOW,
      }),
    );
    expect(r.carriedOver).toBe(false);
    expect(r.placement.rulebookId).toBe('ssi-2013-99@1');
    expect(viewOf(r.placement).legalStatus.code).toBe('transferred');
    expect(r.placement.context.deadlines.filter((d) => d.status === 'open')).toEqual([]);
    expect(r.placement.context.transitional).toMatchObject({ scheme: 'ssi-2013-99', carriedOverAt: null });
  });

  test('a clock the 2026 rulebook sets differently is closed on 9 February and opened again as 2026 sets it', () => {
    // A what-if scheme whose advocacy target is 10 working days: on 9 February the 2026 target (5) takes over.
    const slower: Rulebook = {
      ...ssi2022v1,
      clocks: {
        ...ssi2022v1.clocks,
        'C7.advocacy-offer': {
          ...ssi2022v1.clocks['C7.advocacy-offer'],
          clock: { kind: 'span', span: { unit: 'working-days', amount: 10, calendar: 'scotland-statutory', countStartDay: false } },
        },
      },
    };
    let p = ok(
      replayTransitional({ input: input({ createdAt: '2026-02-02T09:00:00Z' }), history: history.slice(0, 1), to: ssi2026v2, now: '2026-02-05T09:00:00Z' }),
    ).placement;
    const arrived = { type: 'CHILD_ARRIVED' as const, at: '2026-02-05T11:00:00Z' };
    const r = applyEvent(p, arrived, slower);
    if (!r.ok) throw new Error(JSON.stringify(r));
    p = carryOver(r.placement, ssi2026v2, '2026-02-09T00:00:00.000Z', slower);
    const advocacy = p.context.deadlines.filter((d) => d.rule === 'C7.advocacy-offer');
    expect(advocacy.map((d) => [d.status, d.dueAt])).toEqual([
      ['cancelled', '2026-02-19T23:59:59.999Z'],
      ['open', '2026-02-12T23:59:59.999Z'],
    ]);
    expect(advocacy[1].citation).toBe(ssi2026v2.clocks['C7.advocacy-offer'].citation);
  });
});

describe('a history the machine cannot take is refused, naming the event and field', () => {
  const refuse = (h: HistoryEvent[], i: Partial<PlacementInput> = {}) => {
    const r = replayTransitional({ input: input(i), history: h, to: ssi2026v2, now: NOW });
    if (r.ok) throw new Error('accepted');
    return r.errors;
  };

  test('out of time order', () => {
    expect(refuse([history[1], history[0]])).toEqual([{ path: 'history[1].at', message: expect.stringMatching(/time order/) }]);
  });

  test('an event the state does not allow', () => {
    expect(refuse([{ type: 'VISIT_RECORDED', at: '2025-10-03T10:00:00Z' }])).toEqual([
      { path: 'history[0].type', message: expect.stringMatching(/VISIT_RECORDED cannot be recorded here/) },
    ]);
  });

  test('an event in the future', () => {
    expect(refuse([{ type: 'NOTICE_GIVEN', signatory, at: '2027-01-01T10:00:00Z' }])).toEqual([
      { path: 'history[0].at', message: 'must not be in the future' },
    ]);
  });

  test('an order the scheme did not recognise (a care order under the DoL scheme)', () => {
    expect(
      refuse(history, { legalBasis: { type: 'care-order', madeOn: '2025-10-01', effectiveFrom: '2025-10-01T10:00:00Z', expiresAt: null } }).map((e) => e.path),
    ).toEqual(['legalBasis.type']);
  });
});

/** The audit entries the import writes for a replay (PLACEMENT_IMPORTED first), as the migration planner reads them back. */
function storedEvents(i: PlacementInput, steps: ReplayStep[]): StoredEvent[] {
  const { child, placementId: _id, rulebookId, placingAuthorityId: _p, placingNation: _n, createdAt, ...draft } = i;
  const out: StoredEvent[] = [
    { type: 'PLACEMENT_IMPORTED', at: createdAt, payload: { ...draft, child: { gender: child.gender }, schemeRulebookId: rulebookId } },
  ];
  for (const s of steps) {
    if (s.kind === 'carried-over') out.push({ type: 'TRANSITIONAL_CARRY_OVER', at: s.at, payload: { from: s.from, to: s.to } });
    else out.push({ type: s.event.type, at: s.event.at, payload: { ...s.event } });
  }
  return out;
}

test('every scheme book is registered', () => {
  expect(getRulebook('ssi-2022-225@1')).toBe(ssi2022v1);
  expect(getRulebook('ssi-2013-99@1')).toBe(ssi2013v1);
});
