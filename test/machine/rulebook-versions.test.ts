// Rulebook versions side by side: the diff a legal officer reads, and the plan for moving a running
// placement to another version, rebuilt from its audit events as the engine stores them.
import {
  applyEvent,
  describePlan,
  planRulebookMigration,
  startPlacement,
  viewOf,
  type PersistedPlacement,
  type PlacementEvent,
  type PlacementInput,
  type StoredEvent,
} from '../../machines/placement';
import { diffRulebooks, getRulebook, UnknownRuleError } from '../../machines/rulebook';
import { ssi2026v1 } from '../../machines/rulebook/ssi-2026-31.v1';
import { ssi2026v2 } from '../../machines/rulebook/ssi-2026-31.v2';
import { draftInput, signatory } from './helpers';

test('an id that names no version is unknown, even one every object inherits', () => {
  for (const id of ['ssi-2026-31@9', 'constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(() => getRulebook(id)).toThrow(UnknownRuleError);
  expect(getRulebook('ssi-2026-31@1')).toBe(ssi2026v1);
});

describe('diffRulebooks', () => {
  const diff = diffRulebooks(ssi2026v1, ssi2026v2);
  const changed = (id: string) => diff.changed.find((c) => c.id === id);

  test('@1 -> @2: the new duties, conditions, parameters and open questions are added; nothing is removed', () => {
    const added = diff.added.map((a) => a.id);
    for (const id of [
      'C1.updated-notice-before-arrival',
      'C1.copy-follow-up',
      'C7.foster-advocacy',
      'C10.reporter-notice',
      'DUTY.conditions-check',
      'DUTY.urgent-transfer-report',
      'C5.no-order-in-force',
      'P.dol-period-from',
      'P.foster-advocacy-commencement',
      'Q.commissioner-recipient',
    ])
      expect(added).toContain(id);
    expect(diff.removed).toEqual([]);
  });

  test('a changed rule lists exactly the fields that changed, from and to', () => {
    expect(
      changed('C10.transfer-hearing')
        ?.fields.map((f) => f.field)
        .sort(),
    ).toEqual(['citation', 'examples', 'note', 'opensOn', 'statement', 'title']);
    expect(changed('residential:health-board')?.fields).toEqual(
      expect.arrayContaining([
        { field: 'required', from: true, to: false },
        { field: 'followUp', from: null, to: 'C1.copy-follow-up' },
      ]),
    );
    expect(changed('P.advocacy-settings')?.fields).toContainEqual({ field: 'value', from: ['residential', 'foster'], to: ['residential'] });
    expect(changed('care-order')?.fields).toContainEqual({ field: 'confidence', from: '2026', to: 'infer' });
    expect(changed('C3.order-change-renotify')?.fields.map((f) => f.field)).toContain('beforeArrival');
    // Unchanged rules are not listed; the rulebook header only when it changes.
    expect(changed('C4.move-renotify')?.fields.map((f) => f.field)).not.toContain('clock');
    expect(diff.changed.find((c) => c.kind === 'rulebook')).toBeUndefined();
  });

  test('a version against itself: no change; the other way round: added and removed swap', () => {
    expect(diffRulebooks(ssi2026v2, ssi2026v2)).toEqual({ from: ssi2026v2.id, to: ssi2026v2.id, added: [], removed: [], changed: [] });
    const back = diffRulebooks(ssi2026v2, ssi2026v1);
    expect(back.removed.map((r) => r.id).sort()).toEqual(diff.added.map((a) => a.id).sort());
    expect(back.added).toEqual([]);
  });
});

// ---- the planner ------------------------------------------------------------------------------

/** A placement run as the engine runs it, recording the audit entries it would store. */
function recorded(input: Partial<PlacementInput>, events: PlacementEvent[]): { placement: PersistedPlacement; audit: StoredEvent[] } {
  const full = draftInput({ rulebookId: ssi2026v1.id, ...(input as object) });
  const started = startPlacement(full);
  if (!started.ok) throw new Error(JSON.stringify(started.errors));
  const { child, placementId: _i, rulebookId: _r, placingAuthorityId: _a, placingNation: _n, createdAt, ...draft } = full;
  const audit: StoredEvent[] = [{ type: 'PLACEMENT_CREATED', at: createdAt, payload: { ...draft, child: { gender: child.gender } } }];
  let p = started.placement;
  for (const e of events) {
    const r = applyEvent(p, e);
    if (!r.ok) throw new Error(`${e.type} refused: ${JSON.stringify(r)}`);
    p = r.placement;
    audit.push({ type: e.type, at: e.at, payload: { ...e } });
  }
  return { placement: p, audit };
}

const delivered = (p: () => PersistedPlacement, version: number, at: string, except: string[] = []): PlacementEvent[] => {
  const n = p().context.notices.find((x) => x.version === version)!;
  return n.recipients.filter((r) => !except.includes(r.role)).map((r) => ({ type: 'DELIVERY_ACCEPTED' as const, version, recipient: r.role, at }));
};

/** Builds the events step by step, since deliveries depend on the notice so far. */
function run(input: Partial<PlacementInput>, steps: ((p: PersistedPlacement) => PlacementEvent[])[]) {
  let events: PlacementEvent[] = [];
  let current = recorded(input, []);
  for (const step of steps) {
    events = [...events, ...step(current.placement)];
    current = recorded(input, events);
  }
  return current;
}
const sign = (at: string) => () => [{ type: 'NOTICE_SIGNED' as const, signatory, at }];
const update = (at: string) => () => [{ type: 'NOTICE_UPDATED' as const, signatory, at }];
const deliver =
  (version: number, at: string, except: string[] = []) =>
  (p: PersistedPlacement) =>
    delivered(() => p, version, at, except);
const at = (type: 'CHILD_ARRIVED' | 'DOL_TERMINATED' | 'ADVOCACY_OFFERED', when: string) => () => [{ type, at: when } as PlacementEvent];
const placedSteps = [sign('2026-03-03T09:00:00Z'), deliver(1, '2026-03-03T09:05:00Z'), at('CHILD_ARRIVED', '2026-03-05T11:00:00Z')];

describe('planRulebookMigration', () => {
  test('replayed under its own rulebook, a placement is rebuilt exactly as stored', () => {
    const cases = [
      run({}, placedSteps),
      run({}, [
        ...placedSteps,
        () => [
          {
            type: 'ORDER_CHANGED',
            legalBasis: { type: 'care-order', madeOn: '2026-03-09', effectiveFrom: '2026-03-09T15:00:00Z', expiresAt: null },
            at: '2026-03-09T15:00:00Z',
          },
        ],
        (p) => [
          {
            type: 'DEADLINE_ELAPSED',
            deadlineId: p.context.deadlines.find((d) => d.rule === 'C3.order-change-renotify')!.id,
            rule: 'C3.order-change-renotify',
            at: '2026-03-12T00:01:00Z',
          },
        ],
        update('2026-03-12T09:00:00Z'),
        deliver(2, '2026-03-12T09:05:00Z'),
      ]),
      run({ legalBasis: { type: 'dol-order', madeOn: '2026-03-02', effectiveFrom: '2026-03-02T10:00:00Z', expiresAt: '2026-09-01T12:00:00Z' } }, [
        ...placedSteps,
        () => [{ type: 'DOL_EXTENDED', expiresAt: '2026-12-01T12:00:00Z', at: '2026-08-20T10:00:00Z' }],
      ]),
    ];
    for (const { placement, audit } of cases) {
      const plan = planRulebookMigration({ placement, events: audit, to: ssi2026v1, now: '2026-08-25T10:00:00Z' });
      expect(plan).toMatchObject({ ok: true, skipped: [], becomesUnrecognised: false, deadlines: { added: [], removed: [], changed: [] } });
      expect(plan.placement).toEqual(placement);
    }
  });

  test('@1 -> @2, a DoL order stated to run to September: recognition ends on 1 June, so it becomes unrecognised', () => {
    const { placement, audit } = run(
      { legalBasis: { type: 'dol-order', madeOn: '2026-03-02', effectiveFrom: '2026-03-02T10:00:00Z', expiresAt: '2026-09-01T12:00:00Z' } },
      placedSteps,
    );
    const plan = planRulebookMigration({ placement, events: audit, to: ssi2026v2, now: '2026-07-01T10:00:00Z' });
    expect(plan.legalStatus.before.code).toBe('recognised');
    expect(plan.legalStatus.after).toMatchObject({ code: 'unrecognised', reasons: [{ rule: 'C5.dol-expiry' }] });
    expect(plan.becomesUnrecognised).toBe(true);
    const moved = plan.deadlines.changed.find((c) => c.after.rule === 'C5.dol-expiry')!;
    expect(moved.fields).toEqual(expect.arrayContaining(['dueAt', 'citation']));
    expect([moved.before.dueAt, moved.after.dueAt]).toEqual(['2026-09-01T12:00:00.000Z', '2026-06-01T22:59:59.999Z']);
    // Stored as it would be: the clock is open and overdue; the sweep elapses it after the migration.
    expect(plan.placement!.context.deadlines.find((d) => d.rule === 'C5.dol-expiry')?.status).toBe('open');
    expect(describePlan(plan).join('\n')).toMatch(/recognised -> unrecognised {2}\*\* WOULD BECOME UNRECOGNISED/);
  });

  test('@1 -> @2, a residential placement: new duties open, nothing else moves, the undertaking wording asks for a re-issue', () => {
    const { placement, audit } = run({}, placedSteps);
    const plan = planRulebookMigration({ placement, events: audit, to: ssi2026v2, now: '2026-03-20T10:00:00Z' });
    expect(plan.ok).toBe(true);
    expect(plan.legalStatus.after?.code).toBe('recognised');
    expect(plan.becomesUnrecognised).toBe(false);
    expect(plan.deadlines.added.map((d) => [d.rule, d.dueAt])).toEqual([['DUTY.conditions-check', '2026-06-05T22:59:59.999Z']]);
    expect(plan.deadlines.removed).toEqual([]);
    // Same dates; only the citations of the clocks whose source was corrected.
    expect(plan.deadlines.changed.every((c) => c.fields.join() === 'citation')).toBe(true);
    expect(plan.deadlines.changed.map((c) => c.after.rule).sort()).toEqual(['C1.notice-before-arrival', 'C11.age-18', 'C7.advocacy-offer']);
    expect(plan.notices).toMatchObject({ reissue: true, recipients: [] });
    expect(plan.notices.reasons.join(' ')).toContain('U6.dol-and-end');
  });

  test('@1 -> @2, a foster placement: the advocacy clock and the offer fall away, and are reported', () => {
    const { placement, audit } = run({ setting: 'foster' }, [...placedSteps, at('ADVOCACY_OFFERED', '2026-03-09T10:00:00Z')]);
    const plan = planRulebookMigration({ placement, events: audit, to: ssi2026v2, now: '2026-03-20T10:00:00Z' });
    expect(plan.deadlines.removed.map((d) => d.rule)).toEqual(['C7.advocacy-offer']);
    expect(plan.skipped).toEqual([
      { index: audit.length - 1, type: 'ADVOCACY_OFFERED', at: '2026-03-09T10:00:00Z', reason: expect.stringContaining('not allowed') },
    ]);
    expect(viewOf(plan.placement!).value).toMatchObject({ active: { advocacy: 'notDue' } });
  });

  test('@1 -> @2, a placement unrecognised only because a copy bounced: recognised under @2', () => {
    const { placement, audit } = run({}, [
      sign('2026-03-03T09:00:00Z'),
      deliver(1, '2026-03-03T09:05:00Z', ['health-board']),
      at('CHILD_ARRIVED', '2026-03-05T11:00:00Z'),
    ]);
    expect(viewOf(placement).legalStatus.code).toBe('unrecognised');
    const plan = planRulebookMigration({ placement, events: audit, to: ssi2026v2, now: '2026-03-06T10:00:00Z' });
    expect(plan.legalStatus.after?.code).toBe('recognised');
    expect(plan.becomesUnrecognised).toBe(false);
    expect(plan.deadlines.changed.find((c) => c.after.rule === 'C1.notice-before-arrival')?.fields).toEqual(expect.arrayContaining(['status', 'metAt']));
  });

  test('a fact the old rulebook had no field for: lookedAfterSince moves the review clock', () => {
    const { placement, audit } = run({}, placedSteps);
    const plan = planRulebookMigration({ placement, events: audit, to: ssi2026v2, now: '2026-03-20T10:00:00Z', lookedAfterSince: '2026-01-05' });
    expect(plan.deadlines.removed.map((d) => d.rule)).toEqual(['C8.first-review']);
    expect(plan.deadlines.added.map((d) => d.rule)).toEqual(['DUTY.conditions-check', 'C8.second-review']);
    expect(plan.placement?.context.lookedAfterSince).toBe('2026-01-05');
  });

  test('audit entries that are not placement events are passed over; without PLACEMENT_CREATED the draft comes from the snapshot', () => {
    const { placement, audit } = run({}, placedSteps);
    const events = [...audit.slice(1), { type: 'RULEBOOK_MIGRATED', at: '2026-03-10T10:00:00Z', payload: { from: 'x' } }];
    const plan = planRulebookMigration({ placement, events, to: ssi2026v1, now: '2026-03-20T10:00:00Z' });
    expect(plan.ok).toBe(true);
    expect(plan.placement).toEqual(placement);
    expect(plan.problems[0]).toMatch(/No PLACEMENT_CREATED/);
  });

  test('a stored sweep event replays onto the target clock that was due by then', () => {
    const dol = { legalBasis: { type: 'dol-order', madeOn: '2026-03-02', effectiveFrom: '2026-03-02T10:00:00Z', expiresAt: '2026-09-01T12:00:00Z' } };
    const { placement, audit } = run(dol, [
      ...placedSteps,
      at('DOL_TERMINATED', '2026-04-01T10:00:00Z'),
      (p) => [
        {
          type: 'DEADLINE_ELAPSED',
          deadlineId: p.context.deadlines.find((d) => d.rule === 'C5.dol-termination-notice')!.id,
          rule: 'C5.dol-termination-notice',
          at: '2026-04-04T00:01:00Z',
        },
      ],
    ]);
    const plan = planRulebookMigration({ placement, events: audit, to: ssi2026v2, now: '2026-04-10T10:00:00Z' });
    expect(plan.placement!.context.deadlines.find((d) => d.rule === 'C5.dol-termination-notice')).toMatchObject({
      status: 'missed',
      closedAt: '2026-04-04T00:01:00.000Z',
    });
    expect(plan.skipped).toEqual([]);
    // No order in force under @2 (P.terminated-order-has-effect): listed for its own confirmation.
    expect(plan).toMatchObject({
      becomesUnrecognised: true,
      legalStatus: { before: { code: 'recognised' }, after: { code: 'unrecognised', reasons: [{ rule: 'C5.no-order-in-force' }] } },
    });
  });

  test('a stored sweep event whose clock is not due under the target is reported, not replayed', () => {
    const dol = {
      rulebookId: ssi2026v2.id,
      legalBasis: { type: 'dol-order', madeOn: '2026-03-02', effectiveFrom: '2026-03-02T10:00:00Z', expiresAt: '2026-09-01T12:00:00Z' },
    };
    const { placement, audit } = run(dol, [
      ...placedSteps,
      (p) => [
        {
          type: 'DEADLINE_ELAPSED',
          deadlineId: p.context.deadlines.find((d) => d.rule === 'C5.dol-expiry')!.id,
          rule: 'C5.dol-expiry',
          at: '2026-06-02T00:01:00Z',
        },
      ],
    ]);
    expect(viewOf(placement).legalStatus.code).toBe('unrecognised');
    // Back to @1 (a legal officer's what-if): the stated expiry rules again.
    const plan = planRulebookMigration({ placement, events: audit, to: ssi2026v1, now: '2026-06-10T10:00:00Z' });
    expect(plan.skipped).toEqual([
      { index: audit.length - 1, type: 'DEADLINE_ELAPSED', at: '2026-06-02T00:01:00Z', reason: 'no C5.dol-expiry clock was due by then under ssi-2026-31@1' },
    ]);
    expect(plan.legalStatus.after?.code).toBe('recognised');
  });
});
