// The child's voice and relationships in the machine: what each record says, what it must say
// (REL.child-views, REL.siblings), views attached to the visit or review they belong to, siblings parted by
// a move, and the advocacy needs the notice may carry (never what the child said).
import { applyEvent, viewOf, type PersistedPlacement, type PlacementEvent } from '../../machines/placement';
import { advocacyNeedsFromViews, lastReview } from '../../machines/placement/relationships';
import { placed, send } from './helpers';

const recordedBy = { name: 'Sam Patel', role: 'Social worker' };
const said = (words: string, extra: Record<string, unknown> = {}) => ({ method: 'direct' as const, said: words, recordedBy, ...extra });

function refused(p: PersistedPlacement, e: PlacementEvent) {
  const r = applyEvent(p, e);
  if (r.ok) throw new Error(`${e.type} was accepted`);
  return r;
}

const fieldsOf = (p: PersistedPlacement, e: PlacementEvent) => {
  const r = refused(p, e);
  return r.reason === 'invalid' ? r.errors.map((x) => x.path) : [r.reason];
};

describe("the child's views", () => {
  test('each method must say what it needs: what was said, or why it could not be heard', () => {
    const p = placed({ rulebookId: 'ssi-2026-31@2' });
    const at = '2026-03-06T10:00:00Z';
    expect(fieldsOf(p, { type: 'CHILD_VIEWS_RECORDED', occasion: 'other', childViews: { method: 'direct', recordedBy }, at })).toEqual(['childViews.said']);
    expect(fieldsOf(p, { type: 'CHILD_VIEWS_RECORDED', occasion: 'other', childViews: { method: 'advocate', recordedBy }, at })).toEqual(['childViews.said']);
    expect(fieldsOf(p, { type: 'CHILD_VIEWS_RECORDED', occasion: 'other', childViews: { method: 'not-possible', recordedBy }, at })).toEqual([
      'childViews.notPossibleReason',
    ]);
    expect(fieldsOf(p, { type: 'REVIEW_RECORDED', childViews: { method: 'not-possible', recordedBy }, at })).toEqual(['childViews.notPossibleReason']);
  });

  test('views given with a review are recorded with it; a review without them is flagged until views are recorded for it', () => {
    let p = placed({ rulebookId: 'ssi-2026-31@2' });
    expect(lastReview(p.context.relationships)).toBeNull();
    p = send(p, { type: 'REVIEW_RECORDED', childViews: said('Fine.'), at: '2026-03-20T10:00:00Z' });
    expect(lastReview(p.context.relationships)).toEqual({ at: '2026-03-20T10:00:00.000Z', viewsRecorded: true });
    p = send(p, { type: 'REVIEW_RECORDED', at: '2026-06-20T10:00:00Z' });
    expect(lastReview(p.context.relationships)).toEqual({ at: '2026-06-20T10:00:00.000Z', viewsRecorded: false });
    // Recorded afterwards, for the review: attached to it.
    p = send(p, { type: 'CHILD_VIEWS_RECORDED', occasion: 'review', childViews: said('I want to see Jay more.'), at: '2026-06-21T10:00:00Z' });
    expect(lastReview(p.context.relationships)?.viewsRecorded).toBe(true);
    // Views heard for a visit do not count for a review.
    p = send(p, { type: 'CHILD_VIEWS_RECORDED', occasion: 'visit', childViews: said('OK.'), at: '2026-09-01T10:00:00Z' });
    p = send(p, { type: 'REVIEW_RECORDED', at: '2026-09-20T10:00:00Z' });
    expect(lastReview(p.context.relationships)?.viewsRecorded).toBe(false);
  });

  test('views heard before the review meeting count for it (not those heard before the review before)', () => {
    let p = placed({ rulebookId: 'ssi-2026-31@2' });
    p = send(p, { type: 'CHILD_VIEWS_RECORDED', occasion: 'review', childViews: said('Before the first.'), at: '2026-03-19T10:00:00Z' });
    p = send(p, { type: 'REVIEW_RECORDED', at: '2026-03-20T10:00:00Z' });
    expect(p.context.relationships.occasions).toEqual([{ kind: 'review', at: '2026-03-20T10:00:00.000Z', viewsId: 'V1' }]);
    p = send(p, { type: 'REVIEW_RECORDED', at: '2026-06-20T10:00:00Z' });
    expect(lastReview(p.context.relationships)?.viewsRecorded).toBe(false);
  });

  test("the notice's advocacy needs carry whether the child wants an advocate and what helps, never what the child said", () => {
    let p = placed({ rulebookId: 'ssi-2026-31@2' });
    expect(advocacyNeedsFromViews(p.context.relationships)).toBeNull();
    p = send(p, {
      type: 'CHILD_VIEWS_RECORDED',
      occasion: 'notification',
      childViews: said('I hate it here and I miss Jay.', { wantsAdvocate: 'yes', communication: 'Polish interpreter' }),
      at: '2026-03-06T10:00:00Z',
    });
    const needs = advocacyNeedsFromViews(p.context.relationships) ?? '';
    expect(needs).toContain('wants an independent advocate');
    expect(needs).toContain('Polish interpreter');
    expect(needs).not.toMatch(/hate|Jay/);
  });

  test('recorded from the draft on, never changing the legal status; not once the placement has ended', () => {
    const p = placed({ rulebookId: 'ssi-2026-31@2' });
    const before = viewOf(p).legalStatus;
    const q = send(p, { type: 'CHILD_VIEWS_RECORDED', occasion: 'visit', childViews: said('Good.'), at: '2026-03-06T10:00:00Z' });
    expect(viewOf(q).legalStatus).toEqual(before);
    const ended = send(q, { type: 'PLACEMENT_ENDED', reason: 'Returned home', at: '2026-03-07T10:00:00Z' });
    expect(refused(ended, { type: 'CHILD_VIEWS_RECORDED', occasion: 'other', childViews: said('Bye.'), at: '2026-03-08T10:00:00Z' }).reason).toBe(
      'not-allowed',
    );
  });
});

describe('brothers and sisters', () => {
  const at = '2026-03-06T10:00:00Z';
  test('a sibling apart needs the reason and the plan to stay connected (REL.siblings)', () => {
    const p = placed({ rulebookId: 'ssi-2026-31@2' });
    expect(fieldsOf(p, { type: 'SIBLING_RECORDED', sibling: { relationship: 'half', livesWhere: 'elsewhere-in-scotland' }, at })).toEqual([
      'sibling.separationReason',
      'sibling.contactPlan',
    ]);
    expect(fieldsOf(p, { type: 'SIBLING_RECORDED', sibling: { siblingId: 'S4', relationship: 'half', livesWhere: 'same-placement' }, at })).toEqual([
      'sibling.siblingId',
    ]);
  });

  test('recorded apart after being placed together: a separation with its reason', () => {
    let p = placed({ rulebookId: 'ssi-2026-31@2' });
    p = send(p, { type: 'SIBLING_RECORDED', sibling: { knownAs: 'Jay', relationship: 'full', livesWhere: 'same-placement' }, at });
    p = send(p, {
      type: 'SIBLING_RECORDED',
      sibling: { siblingId: 'S1', relationship: 'full', livesWhere: 'home-nation', separationReason: 'Went home to Dad.', contactPlan: 'Weekly video' },
      at: '2026-04-01T10:00:00Z',
    });
    expect(p.context.relationships.siblings).toMatchObject([{ id: 'S1', knownAs: null, livesWhere: 'home-nation' }]);
    expect(p.context.relationships.separations).toEqual([{ at: '2026-04-01T10:00:00.000Z', siblingId: 'S1', cause: 'recorded', reason: 'Went home to Dad.' }]);
  });

  test('a move that leaves siblings placed together behind needs its reason and plan; those moving too stay together', () => {
    let p = placed({ rulebookId: 'ssi-2026-31@2' });
    p = send(
      p,
      { type: 'SIBLING_RECORDED', sibling: { relationship: 'full', livesWhere: 'same-placement' }, at },
      { type: 'SIBLING_RECORDED', sibling: { relationship: 'full', livesWhere: 'same-placement' }, at },
      {
        type: 'MOVE_PROPOSED',
        placement: { hostAuthorityId: 'S12000036', serviceName: 'Firth View', plannedStart: '2026-04-10T10:00:00Z', permanence: 'temporary' },
        at: '2026-04-01T10:00:00Z',
      },
    );
    const moved = '2026-04-10T10:00:00Z';
    expect(fieldsOf(p, { type: 'MOVED', at: moved })).toEqual(['siblings.separationReason', 'siblings.contactPlan']);
    expect(fieldsOf(p, { type: 'MOVED', siblings: { movingToo: ['S3'] }, at: moved })).toEqual([
      'siblings.movingToo[0]',
      'siblings.separationReason',
      'siblings.contactPlan',
    ]);
    const q = send(p, {
      type: 'MOVED',
      siblings: { movingToo: ['S1'], separationReason: 'Firth View has one bed.', contactPlan: 'Visits every Saturday' },
      at: moved,
    });
    expect(q.context.relationships.siblings.map((s) => [s.id, s.livesWhere, s.separationReason])).toEqual([
      ['S1', 'same-placement', null],
      ['S2', 'elsewhere-in-scotland', 'Firth View has one bed.'],
    ]);
    expect(q.context.relationships.separations).toEqual([
      { at: '2026-04-10T10:00:00.000Z', siblingId: 'S2', cause: 'move', reason: 'Firth View has one bed.' },
    ]);
    // All moving together: nothing to explain.
    expect(send(p, { type: 'MOVED', siblings: { movingToo: ['S1', 'S2'] }, at: moved }).context.relationships.separations).toEqual([]);
  });
});

describe('family time and advocacy matters', () => {
  test('a session needs an arrangement, and a missed one its reason', () => {
    let p = placed({ rulebookId: 'ssi-2026-31@2' });
    expect(refused(p, { type: 'FAMILY_TIME_RECORDED', session: { arrangementId: 'F1', held: true }, at: '2026-03-06T10:00:00Z' }).reason).toBe('not-allowed');
    p = send(p, {
      type: 'FAMILY_TIME_ARRANGED',
      arrangement: {
        who: 'Mum',
        relationship: 'parent',
        how: 'in-person',
        frequency: { times: 2, per: 'month' },
        fromPostcodeDistrict: 'B15',
        milesFromPlacement: 290,
      },
      at: '2026-03-06T10:00:00Z',
    });
    expect(fieldsOf(p, { type: 'FAMILY_TIME_RECORDED', session: { arrangementId: 'F2', held: false }, at: '2026-03-07T10:00:00Z' })).toEqual([
      'session.arrangementId',
      'session.missedReason',
    ]);
    p = send(p, { type: 'FAMILY_TIME_RECORDED', session: { arrangementId: 'F1', held: false, missedReason: 'transport' }, at: '2026-03-07T10:00:00Z' });
    p = send(p, { type: 'FAMILY_TIME_RECORDED', session: { arrangementId: 'F1', held: true, how: 'video' }, at: '2026-03-14T10:00:00Z' });
    expect(p.context.relationships.sessions.map((s) => [s.id, s.held, s.how, s.missedReason])).toEqual([
      ['T1', false, 'in-person', 'transport'],
      ['T2', true, 'video', null],
    ]);
  });

  test('what advocacy changed: each matter with what happened about it', () => {
    let p = placed({ rulebookId: 'ssi-2026-31@2' });
    p = send(p, { type: 'ADVOCACY_MATTER_RAISED', matter: { text: 'Wants evening calls.' }, at: '2026-03-06T10:00:00Z' });
    expect(fieldsOf(p, { type: 'ADVOCACY_MATTER_UPDATED', outcome: { matterId: 'M2', status: 'acted-on', text: 'x' }, at: '2026-03-07T10:00:00Z' })).toEqual([
      'outcome.matterId',
    ]);
    p = send(
      p,
      { type: 'ADVOCACY_MATTER_UPDATED', outcome: { matterId: 'M1', status: 'ongoing', text: 'Asked the home.' }, at: '2026-03-07T10:00:00Z' },
      { type: 'ADVOCACY_MATTER_UPDATED', outcome: { matterId: 'M1', status: 'acted-on', text: 'Agreed.' }, at: '2026-03-09T10:00:00Z' },
    );
    expect(p.context.relationships.advocacyMatters).toMatchObject([
      { id: 'M1', status: 'acted-on', outcomes: [{ status: 'ongoing' }, { status: 'acted-on' }] },
    ]);
  });
});
