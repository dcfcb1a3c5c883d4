// The authorization matrix: every kind of caller against every placement route, with the exact status.
// 404 wherever the caller may not learn that the placement exists (never 403 for an invisible one);
// 403 when it is visible but the caller's role may not send the event (or its access is read-only);
// 200/201 otherwise. One row per caller: adding a caller is one line, adding a route one test.
import { randomUUID } from 'node:crypto';
import { mayRoleSend } from '../../src/services/access-policy';
import { Document, Placement } from '../../src/store/entities';
import type { Role } from '../../src/vocabulary';
import { ADMIN, startHarness, type Harness } from '../support/api-harness';
import { addOrganisation, createPlaced, draftBody, HOST_ORG, OTHER_HOST_ORG, OTHER_PLACING_ORG, PLACING_ORG, postEvent, signatory } from './placement-fixtures';

const FORMER_HOST = 'S12000049'; // Glasgow City: M's host until it moved
const NEW_HOST = 'S12000017'; // The Highland Council: M's host after the move
const ADVOCACY_ASKED = 'adv-asked';
const ADVOCACY_OTHER = 'adv-not-asked';
const SERVICE = 'sp-harbour-house';
const SERVICE_OTHER = 'sp-elsewhere';
const SERVICE_BEFORE_MOVE = 'sp-glasgow-home';
const SERVICE_AFTER_MOVE = 'sp-highland-home';

/**
 * P: Birmingham -> Aberdeen, residential, child placed at SERVICE; the Ministers offered advocacy and asked ADVOCACY_ASKED.
 * N: Birmingham -> Aberdeen at SERVICE, notice given, the child not yet arrived.
 * Q: Cardiff -> Edinburgh, a draft.
 * M: Birmingham -> Glasgow (SERVICE_BEFORE_MOVE), placed, then MOVED to the Highland (SERVICE_AFTER_MOVE).
 */
type Key = 'P' | 'N' | 'Q' | 'M';
const KEYS: Key[] = ['P', 'N', 'Q', 'M'];

const at = '2026-03-06T10:00:00Z';
const ev = {
  visit: { type: 'VISIT_RECORDED', at },
  confirm: { type: 'HOST_CONDITIONS_CONFIRMED', at },
  query: { type: 'HOST_QUERY_RAISED', text: 'Please send the care plan.', at },
  enforce: { type: 'ENFORCEMENT_NOTICE_ISSUED', duty: 'C8 first visit', at },
  acceptAdvocacy: { type: 'ADVOCACY_ACCEPTED', at },
  arrive: { type: 'CHILD_ARRIVED', at },
} as const;
type Ev = (typeof ev)[keyof typeof ev];

interface Row {
  who: string;
  role: Role;
  /** The organisation the user acts for (null: the bootstrap admin). */
  org: string | null;
  /** GET /api/placements: 403 for a role that reads no placements; otherwise exactly `sees` is listed. */
  list: 200 | 403;
  /** The placements the caller may know exist; every other one is 404 on every per-placement route. */
  sees: Key[];
  /** Whether GET shows the child's name and date of birth (otherwise only the gender). */
  identity: boolean;
  /** An event the role may send that the placement's state allows: 200 if visible, else 404. */
  act?: [Key, Ev];
  /** An event the role may not send: 403 if visible, else 404. */
  refuse: [Key, Ev];
  verify: 200 | 403;
  sweep: 200 | 403;
  create: 201 | 403;
}

// prettier-ignore
const ROWS: Row[] = [
  { who: 'placing, own organisation',        role: 'placing',          org: PLACING_ORG,       list: 200, sees: ['P', 'N', 'M'],      identity: true,  act: ['P', ev.visit],          refuse: ['P', ev.confirm], verify: 403, sweep: 403, create: 201 },
  { who: 'placing, another organisation',    role: 'placing',          org: OTHER_PLACING_ORG, list: 200, sees: ['Q'],                identity: true,  act: ['P', ev.visit],          refuse: ['P', ev.confirm], verify: 403, sweep: 403, create: 201 },
  { who: 'host, own area',                   role: 'host',             org: HOST_ORG,          list: 200, sees: ['P', 'N'],           identity: true,  act: ['P', ev.confirm],        refuse: ['P', ev.visit],   verify: 403, sweep: 403, create: 403 },
  { who: 'host, another area',               role: 'host',             org: OTHER_HOST_ORG,    list: 200, sees: ['Q'],                identity: true,  act: ['P', ev.confirm],        refuse: ['P', ev.visit],   verify: 403, sweep: 403, create: 403 },
  { who: 'host, former area after a move',   role: 'host',             org: FORMER_HOST,       list: 200, sees: ['M'],                identity: true,                                 refuse: ['M', ev.visit],   verify: 403, sweep: 403, create: 403 },
  { who: 'host, new area after a move',      role: 'host',             org: NEW_HOST,          list: 200, sees: ['M'],                identity: true,  act: ['M', ev.query],          refuse: ['M', ev.visit],   verify: 403, sweep: 403, create: 403 },
  { who: 'inspector',                        role: 'inspector',        org: 'scot-care-inspectorate',  list: 200, sees: ['P', 'N', 'Q', 'M'], identity: false,                        refuse: ['P', ev.visit],   verify: 200, sweep: 403, create: 403 },
  { who: 'ministers',                        role: 'ministers',        org: 'scot-scottish-ministers', list: 200, sees: ['P', 'N', 'Q', 'M'], identity: true, act: ['P', ev.enforce], refuse: ['P', ev.visit],   verify: 200, sweep: 403, create: 403 },
  { who: 'advocacy, asked to act',           role: 'advocacy',         org: ADVOCACY_ASKED,    list: 200, sees: ['P'],                identity: true,  act: ['P', ev.acceptAdvocacy], refuse: ['P', ev.visit],   verify: 403, sweep: 403, create: 403 },
  { who: 'advocacy, not asked',              role: 'advocacy',         org: ADVOCACY_OTHER,    list: 200, sees: [],                   identity: true,  act: ['P', ev.acceptAdvocacy], refuse: ['P', ev.visit],   verify: 403, sweep: 403, create: 403 },
  { who: 'service provider of the placement', role: 'service-provider', org: SERVICE,          list: 200, sees: ['P', 'N'],           identity: true,  act: ['N', ev.arrive],         refuse: ['P', ev.visit],   verify: 403, sweep: 403, create: 403 },
  { who: 'service provider, another service', role: 'service-provider', org: SERVICE_OTHER,    list: 200, sees: [],                   identity: true,  act: ['N', ev.arrive],         refuse: ['P', ev.visit],   verify: 403, sweep: 403, create: 403 },
  // The admin runs the system but does not read children's records: no placement exists for it, so every
  // per-placement route is 404 (the routes' role guard answers 403 today: the admin is not in their `access`).
  { who: 'admin',                            role: 'admin',            org: null,              list: 403, sees: [],                   identity: false,                                refuse: ['P', ev.visit],   verify: 200, sweep: 200, create: 403 },
];

let h: Harness;
const now = new Date('2026-03-06T12:00:00Z');
const ids = {} as Record<Key, string>;
/** The first notice PDF of each placement (Q, a draft, has none). */
const documents = {} as Record<Key, string | undefined>;
const tokens = new Map<string, string>();
const token = (row: Row) => tokens.get(row.who) as string;
const sees = (row: Row, key: Key) => row.sees.includes(key);
const cases = ROWS.map((r) => [r.who, r] as const);

beforeAll(async () => {
  h = await startHarness({}, { clock: () => now });
  for (const id of [ADVOCACY_ASKED, ADVOCACY_OTHER]) await addOrganisation(h, ADMIN, id, 'advocacy-provider');
  for (const id of [SERVICE, SERVICE_OTHER, SERVICE_BEFORE_MOVE, SERVICE_AFTER_MOVE]) await addOrganisation(h, ADMIN, id, 'service-provider');
  for (const row of ROWS) tokens.set(row.who, row.org === null ? ADMIN : await h.userToken(row.role, row.org));
  const placing = token(ROWS[0]);
  const ministers = await h.userToken('ministers', 'scot-scottish-ministers');
  const base = draftBody().placement as Record<string, unknown>;

  ids.P = (await createPlaced(h, placing, { draft: draftBody({ placement: { ...base, serviceProviderId: SERVICE } }) })).id;
  await postEvent(h, ids.P, ministers, { type: 'ADVOCACY_OFFERED', providerId: ADVOCACY_ASKED, at: '2026-03-05T12:00:00Z' }).expect(200);

  ids.N = (await createPlaced(h, placing, { draft: draftBody({ placement: { ...base, serviceProviderId: SERVICE } }), arrive: false })).id;

  const cardiff = await h.userToken('placing', OTHER_PLACING_ORG);
  const q = await h.http
    .post('/api/placements')
    .set('Authorization', cardiff)
    .send(draftBody({ placement: { ...base, hostAuthorityId: OTHER_HOST_ORG } }));
  expect(q.status).toBe(201);
  ids.Q = q.body.id;

  ids.M = (
    await createPlaced(h, placing, { draft: draftBody({ placement: { ...base, hostAuthorityId: FORMER_HOST, serviceProviderId: SERVICE_BEFORE_MOVE } }) })
  ).id;
  const newHome = {
    ...base,
    hostAuthorityId: NEW_HOST,
    serviceName: 'Glen House',
    serviceAddress: '2 Glen Road, Inverness',
    serviceProviderId: SERVICE_AFTER_MOVE,
    plannedStart: '2026-03-06T09:30:00Z',
  };
  await postEvent(h, ids.M, placing, { type: 'MOVE_PROPOSED', placement: newHome, at: '2026-03-06T09:00:00Z' }).expect(200);
  await postEvent(h, ids.M, placing, { type: 'MOVED', at: '2026-03-06T09:30:00Z' }).expect(200);
  for (const key of KEYS) documents[key] = (await h.orm.em.fork().findOne(Document, { placementId: ids[key] }))?.id;
});
afterAll(() => h.close());

const get = (row: Row, path: string) => h.http.get(path).set('Authorization', token(row));

/** A 404 for an invisible placement must read exactly like one for a placement that does not exist. */
async function expectSameAsMissing(row: Row, res: { status: number; body: { detail?: string } }, id: string, path: (id: string) => string) {
  const ghost = randomUUID();
  const missing = await get(row, path(ghost));
  expect(missing.status).toBe(404);
  expect(res.body.detail?.replace(id, '<id>')).toBe(missing.body.detail?.replace(ghost, '<id>'));
}

test('the table agrees with the permission table (EVENT_ROLES)', () => {
  for (const row of ROWS) {
    if (row.act) expect([row.who, mayRoleSend(row.role, row.act[1].type)]).toEqual([row.who, true]);
    expect([row.who, mayRoleSend(row.role, row.refuse[1].type)]).toEqual([row.who, false]);
  }
});

describe('GET /api/placements lists exactly what the caller may see', () => {
  test.each(cases)('%s', async (_who, row) => {
    const res = await get(row, '/api/placements?limit=200');
    expect(res.status).toBe(row.list);
    if (row.list !== 200) return expect(res.type).toBe('application/problem+json');
    const listed = res.body.items.map((p: { id: string }) => p.id).sort();
    expect(listed).toEqual(row.sees.map((k) => ids[k]).sort());
    expect(res.body.total).toBe(row.sees.length);
    for (const item of res.body.items)
      expect(Object.keys(item.child).sort()).toEqual(row.identity ? ['dateOfBirth', 'firstName', 'gender', 'lastName'] : ['gender']);
  });
});

describe('GET /api/placements/:id', () => {
  test.each(cases)('%s', async (_who, row) => {
    for (const key of KEYS) {
      const res = await get(row, `/api/placements/${ids[key]}`);
      expect([key, res.status]).toEqual([key, sees(row, key) ? 200 : 404]);
      if (!sees(row, key)) {
        expect(res.type).toBe('application/problem+json');
        await expectSameAsMissing(row, res, ids[key], (id) => `/api/placements/${id}`);
        continue;
      }
      if (row.identity) expect(res.body.child).toEqual({ firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '2012-04-02', gender: 'female' });
      else expect(res.body.child).toEqual({ gender: 'female' });
      expect(JSON.stringify(res.body).includes('Lovelace')).toBe(row.identity);
      // allowedEvents are what this caller may send now: the act event is offered, the refused one never.
      if (row.act?.[0] === key) expect(res.body.allowedEvents).toContain(row.act[1].type);
      expect(res.body.allowedEvents).not.toContain(row.refuse[1].type);
    }
  });
});

describe('GET /api/placements/:id/audit', () => {
  test.each(cases)('%s', async (_who, row) => {
    for (const key of KEYS) {
      const res = await get(row, `/api/placements/${ids[key]}/audit`);
      expect([key, res.status]).toEqual([key, sees(row, key) ? 200 : 404]);
      if (sees(row, key)) {
        expect(res.body[0]).toMatchObject({ type: 'PLACEMENT_CREATED' });
        expect(JSON.stringify(res.body)).not.toMatch(/Lovelace|2012-04-02/); // the log keeps what happened, not who
      } else await expectSameAsMissing(row, res, ids[key], (id) => `/api/placements/${id}/audit`);
    }
  });
});

describe('GET /api/placements/:id/documents and GET /api/documents/:id.pdf and .json', () => {
  test.each(cases)('%s', async (_who, row) => {
    for (const key of KEYS) {
      const res = await get(row, `/api/placements/${ids[key]}/documents`);
      expect([key, res.status]).toEqual([key, sees(row, key) ? 200 : 404]);
      if (!sees(row, key)) await expectSameAsMissing(row, res, ids[key], (id) => `/api/placements/${id}/documents`);
      const doc = documents[key];
      if (!doc) continue;
      const pdf = await get(row, `/api/documents/${doc}.pdf`);
      expect([key, 'pdf', pdf.status]).toEqual([key, 'pdf', sees(row, key) ? 200 : 404]);
      if (sees(row, key)) expect(pdf.type).toBe('application/pdf');
      else await expectSameAsMissing(row, pdf, doc, (id) => `/api/documents/${id}.pdf`);
      // The notice JSON carries what the PDF does: whoever may download one may download the other, and only they.
      const json = await get(row, `/api/documents/${doc}.json`);
      expect([key, 'json', json.status]).toEqual([key, 'json', sees(row, key) ? 200 : 404]);
      if (sees(row, key)) expect(json.type).toBe('application/json');
      else await expectSameAsMissing(row, json, doc, (id) => `/api/documents/${id}.json`);
    }
  });
});

describe('POST /api/placements/:id/events', () => {
  test.each(cases)('%s: an event the role may not send', async (_who, row) => {
    const [key, body] = row.refuse;
    const before = (await h.orm.em.fork().findOneOrFail(Placement, { id: ids[key] })).version;
    const res = await postEvent(h, ids[key], token(row), body);
    expect(res.status).toBe(sees(row, key) ? 403 : 404);
    expect(res.type).toBe('application/problem+json');
    if (res.status === 404) await expectSameAsMissing(row, res, ids[key], (id) => `/api/placements/${id}`);
    expect((await h.orm.em.fork().findOneOrFail(Placement, { id: ids[key] })).version).toBe(before);
  });

  test.each(cases.filter(([, r]) => r.act))('%s: an event the role may send', async (_who, row) => {
    const [key, body] = row.act as [Key, Ev];
    const res = await postEvent(h, ids[key], token(row), body);
    expect(res.status).toBe(sees(row, key) ? 200 : 404);
    if (res.status === 404) await expectSameAsMissing(row, res, ids[key], (id) => `/api/placements/${id}`);
  });
});

describe('routes that are not about one placement', () => {
  test.each(cases)('%s: GET /api/audit/verify', async (_who, row) => {
    const res = await get(row, '/api/audit/verify');
    expect(res.status).toBe(row.verify);
    if (res.status === 200) expect(res.body).toMatchObject({ ok: true, firstBrokenSeq: null });
  });

  test.each(cases)('%s: POST /api/admin/sweep', async (_who, row) => {
    const res = await h.http.post('/api/admin/sweep').set('Authorization', token(row));
    expect(res.status).toBe(row.sweep);
  });

  test.each(cases)('%s: POST /api/placements', async (_who, row) => {
    const body =
      row.org === OTHER_PLACING_ORG ? draftBody({ placement: { ...(draftBody().placement as object), hostAuthorityId: OTHER_HOST_ORG } }) : draftBody();
    const res = await h.http.post('/api/placements').set('Authorization', token(row)).send(body);
    expect(res.status).toBe(row.create);
    if (res.status === 201) expect(res.body.placingAuthorityId).toBe(row.org);
  });
});

describe('after a move to another council', () => {
  const row = (who: string) => ROWS.find((r) => r.who === who) as Row;
  const former = () => row('host, former area after a move');
  const current = () => row('host, new area after a move');

  test('the placement now belongs to the new area', async () => {
    const res = await get(current(), `/api/placements/${ids.M}`);
    expect(res.body).toMatchObject({ hostAuthorityId: NEW_HOST, placement: { hostAuthorityId: NEW_HOST, serviceProviderId: SERVICE_AFTER_MOVE } });
  });

  test('the former host reads the history but may not act, even with an event its role may send', async () => {
    expect((await get(former(), `/api/placements/${ids.M}`)).status).toBe(200);
    expect((await get(former(), `/api/placements/${ids.M}/audit`)).status).toBe(200);
    const res = await postEvent(h, ids.M, token(former()), { type: 'HOST_QUERY_RAISED', text: 'Still ours?', at });
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/read-only/);
  });

  test('the new host acts', async () => {
    const res = await postEvent(h, ids.M, token(current()), { type: 'HOST_QUERY_RAISED', text: 'Please send the new care plan.', at });
    expect(res.status).toBe(200);
  });

  // allowedEvents is filtered by role only (placementJson), not by the caller's access mode.
  test("the former host's view offers no events (its access is read-only)", async () => {
    const res = await get(former(), `/api/placements/${ids.M}`);
    expect(res.body.allowedEvents).toEqual([]);
  });

  // The engine's access sync never downgrades an organisation that drops out of the placement (only former hosts).
  test('the service the child left keeps its history read-only; the new service acts', async () => {
    const left = await h.userToken('service-provider', SERVICE_BEFORE_MOVE);
    const joined = await h.userToken('service-provider', SERVICE_AFTER_MOVE);
    expect((await h.http.get(`/api/placements/${ids.M}`).set('Authorization', left)).status).toBe(200);
    expect((await h.http.get(`/api/placements/${ids.M}`).set('Authorization', joined)).status).toBe(200);
    // MOVED is a service provider's event; with no move proposed the state refuses it (409) for one who may act.
    expect((await postEvent(h, ids.M, joined, { type: 'MOVED', at })).status).toBe(409);
    expect((await postEvent(h, ids.M, left, { type: 'MOVED', at })).status).toBe(403);
  });
});

test('placing authorities sign only their own notices: another authority cannot even see the event route', async () => {
  const other = token(ROWS[1]);
  const res = await postEvent(h, ids.N, other, { type: 'NOTICE_UPDATED', signatory, at });
  expect(res.status).toBe(404);
});

describe("the care service's own actions", () => {
  // Expected status per caller: the service of the placement acts; a role that may not send it and can see the
  // placement gets 403; whoever cannot see it gets 404 (never a hint that it exists).
  // prettier-ignore
  const EXPECTED: Record<string, { evidenceOnN: number; departureFromP: number }> = {
    'placing, own organisation':         { evidenceOnN: 403, departureFromP: 403 },
    'placing, another organisation':     { evidenceOnN: 404, departureFromP: 404 },
    'host, own area':                    { evidenceOnN: 403, departureFromP: 403 },
    'host, another area':                { evidenceOnN: 404, departureFromP: 404 },
    'host, former area after a move':    { evidenceOnN: 404, departureFromP: 404 },
    'host, new area after a move':       { evidenceOnN: 404, departureFromP: 404 },
    'inspector':                         { evidenceOnN: 403, departureFromP: 403 },
    'ministers':                         { evidenceOnN: 403, departureFromP: 403 },
    'advocacy, asked to act':            { evidenceOnN: 404, departureFromP: 403 },
    'advocacy, not asked':               { evidenceOnN: 404, departureFromP: 404 },
    'service provider of the placement': { evidenceOnN: 200, departureFromP: 200 },
    'service provider, another service': { evidenceOnN: 404, departureFromP: 404 },
    'admin':                             { evidenceOnN: 404, departureFromP: 404 },
  };

  test('the table covers every caller and agrees with the permission table and visibility', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(ROWS.map((r) => r.who).sort());
    for (const row of ROWS) {
      const derive = (key: Key, type: string) => (sees(row, key) ? (mayRoleSend(row.role, type) ? 200 : 403) : 404);
      expect([row.who, derive('N', 'SERVICE_EVIDENCE_CONFIRMED'), derive('P', 'CHILD_DEPARTED')]).toEqual([
        row.who,
        EXPECTED[row.who].evidenceOnN,
        EXPECTED[row.who].departureFromP,
      ]);
    }
  });

  // The refusals first, so the placement is as the table assumes when the service acts.
  const ordered = [...cases].sort(([a], [b]) => Number(EXPECTED[a].evidenceOnN === 200) - Number(EXPECTED[b].evidenceOnN === 200));

  test.each(ordered)('%s: SERVICE_EVIDENCE_CONFIRMED before the child arrives', async (who, row) => {
    const res = await postEvent(h, ids.N, token(row), { type: 'SERVICE_EVIDENCE_CONFIRMED', evidence: 'Copy of the care order and notice version 1', at });
    expect(res.status).toBe(EXPECTED[who].evidenceOnN);
    if (res.status === 200) expect(res.body.service.evidenceForCurrentOrder).toBe(true);
  });

  test.each(ordered)('%s: CHILD_DEPARTED', async (who, row) => {
    const res = await postEvent(h, ids.P, token(row), { type: 'CHILD_DEPARTED', at });
    expect(res.status).toBe(EXPECTED[who].departureFromP);
    if (res.status === 200) expect(res.body.state).toBe('placed');
  });
});

describe("the child's voice and relationships", () => {
  /**
   * What each caller reads of P's record (GET /relationships): all, only the matters raised through the
   * advocate, or 403 (sees P, may not read it) / 404 (does not see P). And which records each may write on P
   * (every other record route is 403 where P is visible, 404 where not).
   */
  // prettier-ignore
  const REL: Record<string, { read: 'all' | 'advocacy-matters' | 403 | 404; writes: string[]; counts: 200 | 403 }> = {
    'placing, own organisation':         { read: 'all',              writes: ['child-views', 'siblings', 'family-time', 'family-time/sessions', 'advocacy-matters/outcomes'], counts: 403 },
    'placing, another organisation':     { read: 404,                writes: [], counts: 403 },
    'host, own area':                    { read: 'all',              writes: ['child-views', 'siblings', 'family-time/sessions', 'advocacy-matters/outcomes'], counts: 403 },
    'host, another area':                { read: 404,                writes: [], counts: 403 },
    'host, former area after a move':    { read: 404,                writes: [], counts: 403 },
    'host, new area after a move':       { read: 404,                writes: [], counts: 403 },
    inspector:                           { read: 403,                writes: [], counts: 200 },
    ministers:                           { read: 403,                writes: [], counts: 200 },
    'advocacy, asked to act':            { read: 'advocacy-matters', writes: ['advocacy-matters', 'advocacy-matters/outcomes'], counts: 403 },
    'advocacy, not asked':               { read: 404,                writes: [], counts: 403 },
    'service provider of the placement': { read: 'all',              writes: ['child-views', 'family-time/sessions', 'advocacy-matters/outcomes'], counts: 403 },
    'service provider, another service': { read: 404,                writes: [], counts: 403 },
    admin:                               { read: 404,                writes: [], counts: 403 },
  };
  const recordedBy = { name: 'Sam Patel', role: 'Social worker' };
  const BODIES: Record<string, object> = {
    'child-views': { occasion: 'visit', childViews: { method: 'direct', said: 'It is OK here.', recordedBy }, at },
    siblings: { sibling: { relationship: 'half', livesWhere: 'same-placement' }, at },
    'family-time': { arrangement: { who: 'Mum', relationship: 'parent', how: 'phone', frequency: { times: 2, per: 'week' } }, at },
    'family-time/sessions': { session: { arrangementId: 'F1', held: true }, at },
    'advocacy-matters': { matter: { text: 'Wants a key to the bedroom.' }, at },
    'advocacy-matters/outcomes': { outcome: { matterId: 'M1', status: 'ongoing', text: 'Asked the home.' }, at },
  };

  beforeAll(async () => {
    // Something of each kind on P, so every record route has something to act on.
    const placing = token(ROWS[0]);
    await h.http.post(`/api/placements/${ids.P}/family-time`).set('Authorization', placing).send(BODIES['family-time']).expect(200);
    const adv = token(ROWS.find((r) => r.who === 'advocacy, asked to act') as Row);
    await h.http.post(`/api/placements/${ids.P}/advocacy-matters`).set('Authorization', adv).send(BODIES['advocacy-matters']).expect(200);
  });

  test('every caller is in the table', () => expect(ROWS.map((r) => r.who).sort()).toEqual(Object.keys(REL).sort()));

  test('the record routes agree with the permission table (EVENT_ROLES)', () => {
    const TYPES: Record<string, string> = {
      'child-views': 'CHILD_VIEWS_RECORDED',
      siblings: 'SIBLING_RECORDED',
      'family-time': 'FAMILY_TIME_ARRANGED',
      'family-time/sessions': 'FAMILY_TIME_RECORDED',
      'advocacy-matters': 'ADVOCACY_MATTER_RAISED',
      'advocacy-matters/outcomes': 'ADVOCACY_MATTER_UPDATED',
    };
    for (const row of ROWS) for (const path of REL[row.who].writes) expect([row.who, path, mayRoleSend(row.role, TYPES[path])]).toEqual([row.who, path, true]);
  });

  test.each(cases)('%s: GET /api/placements/:id/relationships', async (_who, row) => {
    const want = REL[row.who];
    const res = await get(row, `/api/placements/${ids.P}/relationships`);
    if (typeof want.read === 'number') {
      expect(res.status).toBe(want.read);
      expect(res.type).toBe('application/problem+json');
      if (want.read === 404) await expectSameAsMissing(row, res, ids.P, (id) => `/api/placements/${id}/relationships`);
      return;
    }
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe(want.read);
    expect('siblings' in res.body).toBe(want.read === 'all');
    expect(res.body.advocacyMatters).toEqual([expect.objectContaining({ id: 'M1' })]);
  });

  test.each(cases)('%s: each record route', async (_who, row) => {
    const want = REL[row.who];
    const visible = row.sees.includes('P');
    for (const [path, body] of Object.entries(BODIES)) {
      const res = await h.http.post(`/api/placements/${ids.P}/${path}`).set('Authorization', token(row)).send(body);
      const expected = want.writes.includes(path) ? 200 : visible ? 403 : 404;
      expect([path, res.status]).toEqual([path, expected]);
    }
  });

  test.each(cases)('%s: GET /api/reports/relationships', async (_who, row) => {
    expect((await get(row, '/api/reports/relationships')).status).toBe(REL[row.who].counts);
  });

  test.each(cases)('%s: opening a review (the Care Inspectorate only)', async (_who, row) => {
    const res = await h.http
      .post(`/api/placements/${ids.N}/relationship-reviews`)
      .set('Authorization', token(row))
      .send({ reason: 'Thematic review of family time' });
    expect(res.status).toBe(row.role === 'inspector' ? 201 : row.sees.includes('N') ? 403 : 404);
    if (row.role !== 'inspector') return;
    // Under review the inspector reads N's record (and only N's: P stays counts only), then closes it.
    expect((await get(row, `/api/placements/${ids.N}/relationships`)).status).toBe(200);
    expect((await get(row, `/api/placements/${ids.P}/relationships`)).status).toBe(403);
    await h.http.delete(`/api/placements/${ids.N}/relationship-reviews/current`).set('Authorization', token(row)).expect(204);
    expect((await get(row, `/api/placements/${ids.N}/relationships`)).status).toBe(403);
  });
});
