// Property-based fuzzing of the whole HTTP API with fast-check. Requests are generated over every operation
// the OpenAPI registry lists (`app.locals.openapi.list()`), as every role, with valid, near-valid (one field
// changed, removed or added) and hostile bodies, query strings, path ids and headers, unicode included. The
// app runs on a real SQLite file and listens on a socket; the outbox dispatcher writes mail as .eml files (the
// transport `npm start` uses without SMTP_URL: SMTP delivery has its own tests, and would dominate the time).
// Checked on every request: no 5xx; a refused request (4xx) writes nothing (one query fingerprints every
// table before and after); a 422 names at least one field. After each accepted placement write the
// machine's invariants hold on the stored snapshot (the model tests' checks, test/machine/model-helpers.ts),
// the placement's deadline rows match its snapshot, and its version went up by one. Time moves forward
// by the generated amount before each request, so clocks fall due and the sweep has work.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import fc from 'fast-check';
import request from 'supertest';
import {
  createPlacementMachine,
  deriveLegalStatus,
  USER_EVENT_TYPES,
  viewOf,
  type PersistedPlacement,
  type PlacementContext,
  type PlacementStateValue,
} from '../../machines/placement';
import { activeRulebook } from '../../machines/rulebook';
import { migrateAndSeed } from '../../src/bootstrap';
import type { Config } from '../../src/config';
import { createApp, type App } from '../../src/http/app';
import type { OperationSpec } from '../../src/http/openapi';
import { OutboxDispatcher } from '../../src/outbox/dispatcher';
import { fileTransport, type MailTransport } from '../../src/outbox/transport';
import { EVENT_ROLES } from '../../src/services/access-policy';
import { createServices, type Services } from '../../src/services';
import { SYSTEM_ACTOR } from '../../src/services/actor';
import { Deadline, Placement } from '../../src/store/entities';
import { deadlineRowId } from '../../src/store/placement-store';
import { openOrm, type Orm } from '../../src/store/orm';
import type { Role } from '../../src/vocabulary';
import { stateViolations, stepViolations, type Snap } from '../machine/model-helpers';
import { ADMIN_TOKEN, tempDir, testConfig } from '../support/api-harness';
import { rmSync } from 'node:fs';
import path from 'node:path';

// ---- the world the requests run against ------------------------------------------------------------

/** Accounts the fuzzer acts as: every role, two organisations for the authorities. */
const ACCOUNTS = {
  placing: { role: 'placing', org: 'E08000025' }, // Birmingham
  placing2: { role: 'placing', org: 'W06000015' }, // Cardiff
  placingNI: { role: 'placing', org: 'ni-belfast-hsct' },
  host: { role: 'host', org: 'S12000033' }, // Aberdeen City
  host2: { role: 'host', org: 'S12000036' }, // City of Edinburgh
  inspector: { role: 'inspector', org: 'scot-care-inspectorate' },
  ministers: { role: 'ministers', org: 'scot-scottish-ministers' },
  advocacy: { role: 'advocacy', org: 'fuzz-advocacy' },
  provider: { role: 'service-provider', org: 'fuzz-care-home' },
} as const satisfies Record<string, { role: Role; org: string }>;
type AccountKey = keyof typeof ACCOUNTS | 'admin';
const ACCOUNT_KEYS = [...Object.keys(ACCOUNTS), 'admin'] as AccountKey[];

interface Known {
  placingAuthorityId: string;
  hostAuthorityId: string;
  serviceProviderId: string | null;
  version: number;
  allowedEvents: string[];
  legalBasis: { type: string; expiresAt: string | null; effectiveFrom: string };
  /** The snapshot's context when last checked, for the step invariants. */
  context: PlacementContext | null;
}

export interface World {
  dir: string;
  orm: Orm;
  services: Services;
  app: App;
  server: Server;
  http: ReturnType<typeof request>;
  dispatcher: OutboxDispatcher;
  transport: MailTransport;
  now: Date;
  tokens: Record<AccountKey, string>;
  userIds: Record<AccountKey, string>;
  /** Users made to be given and stripped of tokens (never an account the fuzzer acts as). */
  victims: string[];
  placements: Map<string, Known>;
  placementIds: string[];
  documentIds: string[];
  operations: readonly OperationSpec[];
  close(): Promise<void>;
}

export async function openWorld(start = new Date('2026-03-06T12:00:00Z')): Promise<World> {
  const dir = tempDir('cbp-fuzz-');
  // The per-IP limit on failed sign-ins would soon answer every request 429; it has its own tests.
  const config: Config = testConfig(dir, { CBP_AUTH_FAILURE_LIMIT: '100000000' });
  const orm = await openOrm(config.database);
  await migrateAndSeed(orm, config, () => {});
  const world = { dir, orm, now: new Date(start) } as World;
  const clock = () => new Date(world.now.getTime());
  // No mail option: the fuzzer runs its own dispatcher at chosen moments, so no pass races a fingerprint.
  const services = createServices({ orm, config, clock });
  await services.users.ensureAdmin(config);
  const transport = fileTransport(path.join(dir, 'mail'));
  const dispatcher = new OutboxDispatcher(orm, services.placements, transport, { clock, from: config.mail.from, backoffMs: [60_000] });
  const app = createApp(services);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  Object.assign(world, {
    services,
    app,
    server,
    http: request(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    dispatcher,
    transport,
    placements: new Map(),
    placementIds: [],
    documentIds: [],
    victims: [],
    operations: app.locals.openapi.list(),
  });
  for (const [id, kind] of [
    ['fuzz-advocacy', 'advocacy-provider'],
    ['fuzz-care-home', 'service-provider'],
  ] as const)
    await services.organisations.create(SYSTEM_ACTOR, { id, name: `Fuzz ${kind}`, kind, nation: 'scotland', noticeEmail: `notices@${id}.example` });
  const tokens = { admin: `Bearer ${ADMIN_TOKEN}` } as Record<AccountKey, string>;
  const userIds = {} as Record<AccountKey, string>;
  const admin = (await services.users.list({ role: 'admin' }))[0];
  userIds.admin = admin.id;
  for (const [key, { role, org }] of Object.entries(ACCOUNTS)) {
    const { user, token } = await services.users.create(
      SYSTEM_ACTOR,
      { email: `${key}@fuzz.example`, name: `Fuzz ${key}`, role, organisationId: org },
      { delivery: 'caller' },
    );
    tokens[key as AccountKey] = `Bearer ${token}`;
    userIds[key as AccountKey] = user.id;
  }
  for (let i = 0; i < 3; i++) {
    const { user } = await services.users.create(
      SYSTEM_ACTOR,
      { email: `victim-${i}@fuzz.example`, name: `Victim ${i}`, role: 'host', organisationId: 'S12000033' },
      { delivery: 'caller' },
    );
    world.victims.push(user.id);
  }
  Object.assign(world, { tokens, userIds });
  // A few placements to start from, through the API as a placing authority would.
  for (const variant of [1, 2, 4, 5]) {
    const res = await world.http
      .post('/api/placements')
      .set('Authorization', tokens.placing)
      .send(draftOf(variant, world.now, { kind: 'absent' }));
    if (res.status !== 201) throw new Error(`seed placement: ${res.status} ${res.text}`);
    remember(world, res.body);
  }
  world.close = async () => {
    await dispatcher.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await services.close();
    transport.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return world;
}

// ---- what is generated -----------------------------------------------------------------------------

type AuthChoice = { kind: 'fitting' } | { kind: 'account'; key: AccountKey } | { kind: 'none' } | { kind: 'raw'; value: string };
type IdChoice = { kind: 'known'; n: number } | { kind: 'uuid'; value: string } | { kind: 'raw'; value: string };
type QueryChoice =
  { kind: 'none' } | { kind: 'valid'; picks: [number, number][] } | { kind: 'hostile'; pairs: [string, string][] } | { kind: 'raw'; text: string };
type Mutation = { mode: 'replace' | 'delete' | 'add'; at: number; key: string; value: unknown };
type BodyChoice =
  | { kind: 'valid'; variant: number; at: AtChoice; mutations: Mutation[] }
  | { kind: 'hostile'; value: unknown }
  | { kind: 'raw'; text: string; contentType: string }
  | { kind: 'none' };
type AtChoice = { kind: 'absent' } | { kind: 'ago'; minutes: number } | { kind: 'raw'; value: string };
type IfMatchChoice = { kind: 'none' } | { kind: 'current' } | { kind: 'stale'; by: number } | { kind: 'raw'; value: string };

export interface Generated {
  op: number;
  as: AuthChoice;
  id: IdChoice;
  query: QueryChoice;
  body: BodyChoice;
  ifMatch: IfMatchChoice;
  requestId: string | null;
  advanceMinutes: number;
}

const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
const hostileText = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    'Ann\u0000',
    '\u202E',
    '\u202E\u202E\u202E',
    'Ann\u202Eeb',
    '\uD800',
    'x\uDC00y',
    '\uDBFF\uDBFF',
    'line\r\nbreak',
    'a\rb',
    'a\nb',
    'tab\there',
    '\u0085',
    '\u2028',
    '\u2029',
    '\u007F',
    '\u001B[31m',
    '\uFEFF',
    '\u200B',
    '😀',
    '👩‍👩‍👧‍👦',
    'Ζωή Åsa Ñandú İstanbul ß',
    '',
    ' ',
    '   \t ',
    'null',
    '__proto__',
    'constructor',
    "'; drop table placement; --",
    '" or 1=1 --',
    '%00',
    '%',
    '../../etc/passwd',
    '${jndi:ldap://x}',
    '<script>alert(1)</script>',
    '=cmd|" /C calc"!A0',
  ),
  fc.constantFrom(...BIDI).map((c) => `Ann${c}Lee`),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`),
  fc.integer({ min: 200, max: 20_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 50, max: 2_000 }).map((n) => '😀'.repeat(n)),
);
const hostileDate = fc.oneof(
  fc.constantFrom(
    '2006-12-31',
    '2007-01-01',
    '2008-02-09',
    '2008-02-10',
    '2025-06-01',
    '2198-12-31',
    '2199-01-01',
    '2199-12-31',
    '9999-12-31',
    '0000-01-01',
    '1900-01-01',
    '2026-02-29',
    '2028-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-02-30',
    '26-03-01',
    '2026-3-1',
    '+002026-03-01',
    '2026-03-01T',
  ),
  fc.date({ min: new Date(Date.UTC(1, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);
const hostileInstant = fc.oneof(
  fc.constantFrom(
    '2025-06-01T12:00:00Z',
    '1900-01-01T00:00:00Z',
    '2006-12-31T23:59:59Z',
    '2007-01-01T00:00:00Z',
    '2006-12-31T23:30:00-01:00',
    '2198-12-31T23:59:59Z',
    '2198-12-31T23:30:00-14:00',
    '2199-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '0001-01-01T00:00:00Z',
    '2026-03-29T01:30:00Z',
    '2026-03-29T01:30:00+01:00',
    '2026-10-25T01:30:00+00:00',
    '2026-03-06T12:00:00+14:00',
    '2026-03-06T12:00:00-12:00',
    '2026-03-06T12:00:00+2500',
    '2026-03-06T24:00:00Z',
    '2026-03-06T12:00:00',
    '2026-03-06 12:00:00Z',
    '2026-03-06T12:00:00.123456789Z',
    '+275760-09-13T00:00:00.000Z',
    '-000001-01-01T00:00:00Z',
  ),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 2, arbitrary: hostileDate },
  { weight: 2, arbitrary: hostileInstant },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53, 1.5)) },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, [], {}, [null], { type: 'NOTICE_SIGNED' }, { __proto__: { admin: true } }) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }).map((s) => JSON.parse(s)) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 1_500 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n))) },
);
// Header values must be visible ASCII or Latin-1 to be sent at all; anything else is refused by the client.
const headerText = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'Bearer',
    'Bearer ',
    'Bearer cbp_',
    'bearer cbp_x',
    'Basic YWRtaW46YWRtaW4=',
    'Bearer cbp_' + 'a'.repeat(5000),
    'Bearer \u00ff\u00fe',
    'Bearer a b c',
    'Bearer cbp_test-admin-token-0123456789abcdeF',
  ),
  fc.string({ unit: 'binary-ascii', maxLength: 60 }).filter((s) => /^[\t\x20-\x7e]*$/.test(s)),
);

const opIndex = (ops: readonly OperationSpec[], id: string) => ops.findIndex((o) => o.operationId === id);

export function generatedRequest(ops: readonly OperationSpec[]): fc.Arbitrary<Generated> {
  const events = opIndex(ops, 'sendPlacementEvent');
  const create = opIndex(ops, 'createPlacement');
  if (events < 0 || create < 0) throw new Error('the fuzzer expects operations sendPlacementEvent and createPlacement');
  const op = fc.oneof(
    { weight: 10, arbitrary: fc.constant(events) },
    { weight: 1, arbitrary: fc.constant(create) },
    { weight: 8, arbitrary: fc.nat({ max: ops.length - 1 }) },
  );
  const as = fc.oneof(
    { weight: 12, arbitrary: fc.constant<AuthChoice>({ kind: 'fitting' }) },
    { weight: 5, arbitrary: fc.constantFrom(...ACCOUNT_KEYS).map((key): AuthChoice => ({ kind: 'account', key })) },
    { weight: 1, arbitrary: fc.constant<AuthChoice>({ kind: 'none' }) },
    { weight: 1, arbitrary: headerText.map((value): AuthChoice => ({ kind: 'raw', value })) },
  );
  const id = fc.oneof(
    { weight: 12, arbitrary: fc.nat().map((n): IdChoice => ({ kind: 'known', n })) },
    { weight: 1, arbitrary: fc.uuid().map((value): IdChoice => ({ kind: 'uuid', value })) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(hostileText, fc.constantFrom('%00', '%ZZ', '%', '%2F', '..', '.', 'a%2Fb', '%E2%80%AE', '%ED%A0%80', 'me', '0', '-1'))
        .map((value): IdChoice => ({ kind: 'raw', value })),
    },
  );
  const query = fc.oneof(
    { weight: 6, arbitrary: fc.constant<QueryChoice>({ kind: 'none' }) },
    { weight: 4, arbitrary: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }).map((picks): QueryChoice => ({ kind: 'valid', picks })) },
    {
      weight: 2,
      arbitrary: fc
        .array(
          fc.tuple(
            fc.oneof(fc.constantFrom('state', 'limit', 'offset', 'from', 'to', 'format', 'rule', 'kind', 'role', 'id', '__proto__', 'a[b]'), hostileText),
            fc.oneof(hostileText, hostileDate, hostileInstant),
          ),
          { minLength: 1, maxLength: 3 },
        )
        .map((pairs): QueryChoice => ({ kind: 'hostile', pairs })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          'state=%00',
          'limit=1e3',
          'limit=-0',
          'offset=9007199254740993',
          'state=a&state=b',
          'from=%',
          'from=%E2%80%AE',
          'to=2199-01-01&from=2007-01-01',
          '&&&',
          '=x',
          'format[]=csv',
        )
        .map((text): QueryChoice => ({ kind: 'raw', text })),
    },
  );
  const at = fc.oneof(
    { weight: 6, arbitrary: fc.constant<AtChoice>({ kind: 'absent' }) },
    { weight: 3, arbitrary: fc.integer({ min: -60, max: 60 * 24 * 30 }).map((minutes): AtChoice => ({ kind: 'ago', minutes })) },
    { weight: 1, arbitrary: hostileInstant.map((value): AtChoice => ({ kind: 'raw', value })) },
  );
  const mutation = fc.record({
    mode: fc.constantFrom('replace', 'replace', 'delete', 'add'),
    at: fc.nat(),
    key: fc.oneof(fc.constantFrom('extra', '__proto__', 'constructor', 'type', 'at'), hostileText),
    value: hostileValue,
  }) as fc.Arbitrary<Mutation>;
  const body = fc.oneof(
    { weight: 8, arbitrary: fc.record({ kind: fc.constant('valid' as const), variant: fc.nat(), at, mutations: fc.constant([] as Mutation[]) }) },
    {
      weight: 6,
      arbitrary: fc.record({ kind: fc.constant('valid' as const), variant: fc.nat(), at, mutations: fc.array(mutation, { minLength: 1, maxLength: 2 }) }),
    },
    { weight: 1, arbitrary: hostileValue.map((value): BodyChoice => ({ kind: 'hostile', value })) },
    {
      weight: 1,
      arbitrary: fc
        .record({
          text: fc.oneof(
            fc.constantFrom(
              '{',
              '{"type":',
              '{"a":1}}',
              'null',
              '"x"',
              '[]',
              '{"type":"NOTICE_SIGNED","type":"CHILD_ARRIVED"}',
              '\u0000',
              '{"a":"\\ud800"}',
              '{"a":"\\u0000"}',
              '',
            ),
            fc.string({ maxLength: 50 }),
          ),
          contentType: fc.constantFrom(
            'application/json',
            'application/json; charset=utf-16',
            'application/json; charset=latin1',
            'text/plain',
            'application/x-www-form-urlencoded',
            'application/merge-patch+json',
            'multipart/form-data; boundary=x',
            '',
          ),
        })
        .map((r): BodyChoice => ({ kind: 'raw', ...r })),
    },
    { weight: 1, arbitrary: fc.constant<BodyChoice>({ kind: 'none' }) },
  );
  const ifMatch = fc.oneof(
    { weight: 6, arbitrary: fc.constant<IfMatchChoice>({ kind: 'none' }) },
    { weight: 3, arbitrary: fc.constant<IfMatchChoice>({ kind: 'current' }) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: -3, max: 3 })
        .filter((n) => n !== 0)
        .map((by): IfMatchChoice => ({ kind: 'stale', by })),
    },
    {
      weight: 1,
      arbitrary: fc
        .oneof(headerText, fc.constantFrom('*', 'W/"1"', '"1", "2"', '99999999999999999999', '-1', '1.5', '0x1'))
        .map((value): IfMatchChoice => ({ kind: 'raw', value })),
    },
  );
  return fc.record({
    op,
    as,
    id,
    query,
    body,
    ifMatch,
    requestId: fc.option(headerText, { freq: 8 }),
    advanceMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 240 }), fc.integer({ min: 240, max: 60 * 24 * 3 })),
  });
}

// ---- turning a generated request into a concrete one ----------------------------------------------------

/** encodeURIComponent, except that a lone surrogate is written as the bytes a careless encoder would emit. */
function rawEncode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...s]
      .map((ch) => {
        try {
          return encodeURIComponent(ch);
        } catch {
          const c = ch.charCodeAt(0);
          return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
        }
      })
      .join('');
  }
}

const plusMinutes = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);
const iso = (d: Date) => d.toISOString();

function atOf(choice: AtChoice, now: Date): string | undefined {
  if (choice.kind === 'absent') return undefined;
  if (choice.kind === 'raw') return choice.value;
  return iso(plusMinutes(now, -choice.minutes));
}

const ENDINGS: readonly string[] = ['PLACEMENT_ENDED', 'TRANSFER_EFFECTIVE', 'MOVED'];

const SIGNATORY = { name: 'Jo Bloggs', role: 'Head of Children in Care' };

function draftOf(variant: number, now: Date, at: AtChoice): Record<string, unknown> {
  const setting = variant % 3 === 0 ? 'foster' : 'residential';
  const types =
    setting === 'foster' ? ['care-order', 'interim-care-order', 's20-accommodation'] : ['care-order', 'interim-care-order', 'dol-order', 's20-accommodation'];
  const type = types[variant % types.length];
  const madeOn = iso(plusMinutes(now, -60 * 24 * (variant % 40))).slice(0, 10);
  const effectiveFrom = atOf(at, now) ?? iso(plusMinutes(now, -60 * 24 * (variant % 30)));
  return {
    child: {
      firstName: 'Zephyrine',
      lastName: `Quill-${variant % 97}`,
      dateOfBirth: `${2009 + (variant % 16)}-0${1 + (variant % 9)}-1${variant % 9}`,
      gender: variant % 2 ? 'female' : 'male',
    },
    setting,
    legalBasis: {
      type,
      court: 'Family Court at Birmingham',
      madeOn,
      effectiveFrom,
      expiresAt: type === 'dol-order' ? iso(plusMinutes(now, 60 * 24 * 90)) : null,
    },
    placement: {
      hostAuthorityId: variant % 5 === 0 ? 'S12000036' : 'S12000033',
      ...(variant % 4 === 0 && { healthBoardId: 'S08000020' }),
      serviceName: 'Harbour House',
      serviceAddress: '1 Quay Road, Aberdeen',
      serviceEmail: 'manager@harbourhouse.example.org',
      ...(variant % 3 === 1 && { serviceProviderId: 'fuzz-care-home' }),
      careInspectorateNumber: 'CS2020000001',
      plannedStart: iso(plusMinutes(now, 60 * 24 * ((variant % 20) - 5))),
      permanence: variant % 7 === 0 ? 'permanent' : 'temporary',
    },
    ...(variant % 2 === 0 && { needs: { health: 'Asthma; inhaler', education: 'Year 9' } }),
    ...(variant % 3 === 0 && { contacts: { socialWorker: { name: 'Sam Patel', phone: '0121 000 0000', email: 'sam.patel@example.gov.uk' } } }),
  };
}

function eventOf(known: Known | undefined, variant: number, now: Date, at: AtChoice): Record<string, unknown> {
  const allowed = known?.allowedEvents.length ? known.allowedEvents : USER_EVENT_TYPES;
  // Mostly an event the state accepts now; sometimes any event (the machine must refuse the rest with 409).
  // Ending a placement stops its story: only now and then, so that most placements go deep.
  const lasting = allowed.filter((t) => !ENDINGS.includes(t));
  let pool = lasting.length && variant % 12 !== 0 ? lasting : allowed;
  // A new notice version renders a PDF and mails every recipient: the costliest event, so a rarer one.
  if (pool.length > 1 && variant % 4 !== 0) pool = pool.filter((t) => t !== 'NOTICE_UPDATED');
  const type = variant % 5 === 4 ? USER_EVENT_TYPES[variant % USER_EVENT_TYPES.length] : pool[variant % pool.length];
  const when = atOf(at, now);
  const base: Record<string, unknown> = { type, ...(when !== undefined && { at: when }) };
  const day = iso(now).slice(0, 10);
  switch (type) {
    case 'NOTICE_SIGNED':
    case 'NOTICE_UPDATED':
      return { ...base, signatory: variant % 2 ? SIGNATORY : { ...SIGNATORY, method: 'electronic signature' } };
    case 'HOST_QUERY_RAISED':
      return { ...base, text: 'Which school will the child attend?' };
    case 'HOST_QUERY_ANSWERED':
      return { ...base, text: 'Harbour Academy.' };
    case 'ORDER_CHANGED': {
      const dol = variant % 3 === 0;
      return {
        ...base,
        legalBasis: {
          type: dol ? 'dol-order' : 'care-order',
          court: 'Family Court',
          madeOn: day,
          effectiveFrom: iso(now),
          expiresAt: dol ? iso(plusMinutes(now, 60 * 24 * 60)) : null,
        },
      };
    }
    case 'MOVE_PROPOSED':
      return {
        ...base,
        ...(variant % 2 === 0 && { setting: 'residential' }),
        placement: {
          hostAuthorityId: variant % 3 ? 'S12000036' : 'S12000033',
          serviceName: `Home ${variant % 10}`,
          plannedStart: iso(plusMinutes(now, 60 * 24 * 2)),
          permanence: 'temporary',
        },
      };
    case 'DOL_EXTENDED': {
      const current = known?.legalBasis.expiresAt ? new Date(known.legalBasis.expiresAt) : now;
      return { ...base, expiresAt: iso(plusMinutes(current, 60 * 24 * 90)) };
    }
    case 'SCOTTISH_CSO_MADE':
      return { ...base, interim: variant % 2 === 0 };
    case 'ADVOCACY_OFFERED':
      return { ...base, ...(variant % 2 === 0 && { providerId: 'fuzz-advocacy' }) };
    case 'ADVOCACY_NOT_APPROPRIATE':
      return { ...base, reason: 'The child is two years old.' };
    case 'ADVOCATE_ASSIGNED':
      return { ...base, advocate: 'A. Advocate' };
    case 'ENFORCEMENT_NOTICE_ISSUED':
      return { ...base, duty: 'Send the updated notice.' };
    case 'PLACEMENT_ENDED':
      return { ...base, reason: 'The child returned home.' };
    default:
      return base;
  }
}

/** The account that may send `type` on `known` (its placing or host authority, or a provider), else the placing one. */
function fittingAccount(type: string | undefined, known: Known | undefined): AccountKey {
  const roles: readonly Role[] = type && Object.hasOwn(EVENT_ROLES, type) ? (EVENT_ROLES as Record<string, readonly Role[]>)[type] : ['placing'];
  const orgs = known ? [known.placingAuthorityId, known.hostAuthorityId, known.serviceProviderId] : [];
  for (const role of roles) {
    if (role === 'ministers') return 'ministers';
    const match = (Object.keys(ACCOUNTS) as (keyof typeof ACCOUNTS)[]).find(
      (k) => ACCOUNTS[k].role === role && (orgs.length === 0 || orgs.includes(ACCOUNTS[k].org)),
    );
    if (match) return match;
  }
  return 'placing';
}

function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object' || prefix.length > 6) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function mutate(body: unknown, m: Mutation): unknown {
  const all = paths(body);
  const path = all[m.at % all.length];
  if (path.length === 0) return m.mode === 'replace' ? m.value : body;
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let parent = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (m.mode === 'delete') delete parent[last];
  else if (m.mode === 'replace') parent[last] = m.value;
  else {
    const target = parent[last];
    if (target && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[m.key] = m.value;
    else parent[m.key] = m.value;
  }
  return copy;
}

/** Valid query values per key, from the operation's zod schema where it lists them (enums), else plausible ones. */
function validQuery(op: OperationSpec, picks: [number, number][], w: World): string {
  const shape = (op.query as { shape?: Record<string, unknown> } | undefined)?.shape;
  if (!shape) return '';
  const keys = Object.keys(shape);
  const plausible = [
    '2026-03-01',
    '2026-06-01T00:00:00Z',
    'E08000025',
    'S12000033',
    'draft',
    'placed',
    '10',
    '0',
    '1',
    'csv',
    'json',
    'residential',
    'scotland',
    'host',
    'C8.visit',
    'missed',
  ];
  const pairs = picks.map(([k, v]) => {
    const key = keys[k % keys.length];
    const options = enumOptions(shape[key]);
    const value = options ? options[v % options.length] : plausible[v % plausible.length];
    return `${rawEncode(key)}=${rawEncode(String(value))}`;
  });
  void w;
  return pairs.join('&');
}

function enumOptions(schema: unknown): readonly string[] | null {
  let s = schema as { options?: unknown; def?: { innerType?: unknown; type?: string; entries?: Record<string, string> }; unwrap?: () => unknown } | undefined;
  for (let i = 0; i < 5 && s; i++) {
    if (s.def?.type === 'enum' && s.def.entries) return Object.values(s.def.entries);
    s = (s.def?.innerType as typeof s) ?? undefined;
  }
  return null;
}

export interface Concrete {
  op: OperationSpec;
  method: OperationSpec['method'];
  path: string;
  headers: Record<string, string>;
  body: { json: unknown } | { raw: string; contentType: string } | null;
  /** The placement the request is about, when it names a known one. */
  placementId: string | null;
  eventType: string | null;
}

export function concretise(w: World, g: Generated): Concrete {
  const op = w.operations[g.op % w.operations.length];
  let placementId: string | null = null;
  let idValue = '';
  if (op.path.includes('{id}')) {
    if (g.id.kind === 'known') {
      const pool = op.path.startsWith('/api/documents')
        ? w.documentIds
        : op.path.startsWith('/api/users')
          ? [...w.victims, ...Object.values(w.userIds)]
          : op.path.startsWith('/api/organisations')
            ? ['E08000025', 'S12000033', 'fuzz-advocacy', 'scot-care-inspectorate', 'S08000020', 'no-such-org']
            : w.placementIds;
      idValue = pool.length ? pool[g.id.n % pool.length] : '00000000-0000-4000-8000-000000000000';
      // Never strip the tokens of an account the fuzzer acts as.
      if (op.method === 'delete' && op.path.startsWith('/api/users') && !w.victims.includes(idValue)) idValue = w.victims[g.id.n % w.victims.length];
      if (w.placements.has(idValue)) placementId = idValue;
    } else idValue = g.id.value;
  }
  const encodedId = g.id.kind === 'raw' && /%/.test(g.id.value) && g.id.value.length < 20 ? g.id.value : rawEncode(idValue);
  let path = op.path.replace('{id}', encodedId);
  const qs =
    g.query.kind === 'none'
      ? ''
      : g.query.kind === 'valid'
        ? validQuery(op, g.query.picks, w)
        : g.query.kind === 'raw'
          ? g.query.text
          : g.query.pairs.map(([k, v]) => `${rawEncode(k)}=${rawEncode(v)}`).join('&');
  if (qs) path += `?${qs}`;

  const known = placementId ? w.placements.get(placementId) : undefined;
  let body: Concrete['body'] = null;
  let eventType: string | null = null;
  if (g.body.kind === 'valid') {
    let valid: unknown;
    switch (op.operationId) {
      case 'createPlacement':
        valid = draftOf(g.body.variant, w.now, g.body.at);
        break;
      case 'sendPlacementEvent':
        valid = eventOf(known, g.body.variant, w.now, g.body.at);
        break;
      case 'createUser':
        valid = { email: `u${g.body.variant}-${w.now.getTime()}@fuzz.example`, name: 'Fuzz User', role: 'host', organisationId: 'S12000033' };
        break;
      case 'createOrganisation':
        valid = { name: `Fuzz Home ${g.body.variant}`, kind: 'service-provider', nation: 'scotland', noticeEmail: 'home@fuzz.example' };
        break;
      default:
        valid = op.body ? {} : undefined;
    }
    for (const m of g.body.mutations) valid = mutate(valid, m);
    if (valid !== undefined) body = { json: valid };
    eventType = op.operationId === 'sendPlacementEvent' && valid && typeof valid === 'object' ? String((valid as { type?: unknown }).type) : null;
  } else if (g.body.kind === 'hostile') body = { json: g.body.value };
  else if (g.body.kind === 'raw') body = { raw: g.body.text, contentType: g.body.contentType };

  const headers: Record<string, string> = {};
  const account: AccountKey | null =
    g.as.kind === 'fitting'
      ? op.operationId === 'createPlacement'
        ? 'placing'
        : op.path.startsWith('/api/users') || op.path.startsWith('/api/admin') || op.operationId === 'createOrganisation'
          ? 'admin'
          : op.path.startsWith('/api/audit') || op.path.startsWith('/api/reports')
            ? 'inspector'
            : fittingAccount(eventType ?? undefined, known)
      : g.as.kind === 'account'
        ? g.as.key
        : null;
  if (account) headers.Authorization = w.tokens[account];
  else if (g.as.kind === 'raw') headers.Authorization = g.as.value;
  if (g.ifMatch.kind === 'current' && known) headers['If-Match'] = String(known.version);
  else if (g.ifMatch.kind === 'stale' && known) headers['If-Match'] = String(Math.max(0, known.version + g.ifMatch.by));
  else if (g.ifMatch.kind === 'raw') headers['If-Match'] = g.ifMatch.value;
  if (g.requestId !== null) headers['X-Request-Id'] = g.requestId;
  return { op, method: op.method, path, headers, body, placementId, eventType };
}

// ---- running and checking -------------------------------------------------------------------------

/** One number per table (and the sums that change on an update): equal before and after = nothing written. */
async function fingerprint(orm: Orm): Promise<string> {
  const row = await orm.em.getConnection().execute(
    `select (select count(*) from placement) p, (select coalesce(sum(version), 0) from placement) pv,
            (select count(*) from audit_event) a, (select count(*) from deadline) d,
            (select count(*) from deadline where status <> 'open') dc, (select count(*) from placement_access) pa,
            (select count(*) from outbox_message) o, (select count(*) from document) doc,
            (select count(*) from app_user) u, (select count(*) from api_token) t,
            (select count(*) from api_token where revoked_at is not null) tr, (select count(*) from organisation) org,
            (select count(*) from identity_read) ir, (select count(*) from signing_key) sk`,
    [],
    'get',
  );
  return JSON.stringify(row);
}

export interface Failure {
  index: number;
  kind: '5xx' | 'write-on-refusal' | 'invariant' | 'unnamed-422' | 'client' | 'not-problem';
  detail: string;
  request: { method: string; path: string; headers: Record<string, string>; body: string };
}

export interface FuzzReport {
  runs: number;
  byStatus: Record<string, number>;
  byOperation: Record<string, Record<string, number>>;
  acceptedEvents: Record<string, number>;
  placementsCreated: number;
  failures: Failure[];
  statesReached: number;
  mailsSent: number;
  ms: number;
  /** Time spent per operation (request and checks), ms. */
  msByOperation: Record<string, number>;
}

const book = activeRulebook;
const machine = createPlacementMachine(book);

/** The machine's invariants on a stored placement (and the step from the context last seen), plus its deadline rows. */
async function placementProblems(w: World, id: string, expectVersion?: number): Promise<string[]> {
  const em = w.orm.em.fork();
  const row = await em.findOneOrFail(Placement, { id });
  const stored = row.snapshot as PersistedPlacement;
  const problems: string[] = [];
  const snap = machine.resolveState({ value: stored.value as never, context: stored.context }) as unknown as Snap;
  let status;
  try {
    status = deriveLegalStatus(book, stored.value as PlacementStateValue, stored.context);
    viewOf(stored);
  } catch (e) {
    return [`legal status not derivable: ${(e as Error).message}`];
  }
  for (const [inv, message] of stateViolations(book, snap, status)) problems.push(`${inv}: ${message}`);
  const known = w.placements.get(id);
  if (known?.context) for (const [inv, message] of stepViolations(known.context, stored.context)) problems.push(`${inv}: ${message}`);
  if (expectVersion !== undefined && row.version !== expectVersion) problems.push(`stored version ${row.version}, answered ${expectVersion}`);
  const rows = await em.find(Deadline, { placementId: id });
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const d of stored.context.deadlines) {
    const r = byId.get(deadlineRowId(id, d.id));
    if (!r) problems.push(`deadline ${d.id} has no row`);
    else if (r.status !== d.status || r.dueAt.getTime() !== Date.parse(d.dueAt) || r.rule !== d.rule)
      problems.push(`deadline row ${d.id} is ${r.status}/${r.dueAt.toISOString()}, snapshot ${d.status}/${d.dueAt}`);
  }
  if (rows.length !== stored.context.deadlines.length) problems.push(`${rows.length} deadline rows for ${stored.context.deadlines.length} deadlines`);
  if (known) {
    known.context = stored.context;
    known.version = row.version;
  }
  return problems;
}

function remember(w: World, body: Record<string, any>): void {
  if (!body || typeof body.id !== 'string' || typeof body.version !== 'number') return;
  const known = w.placements.get(body.id);
  const next: Known = {
    placingAuthorityId: body.placingAuthorityId,
    hostAuthorityId: body.hostAuthorityId,
    serviceProviderId: known?.serviceProviderId ?? null,
    version: body.version,
    allowedEvents: body.allowedEvents ?? [],
    legalBasis: body.legalBasis ?? known?.legalBasis,
    context: known?.context ?? null,
  };
  if (!known) w.placementIds.push(body.id);
  w.placements.set(body.id, next);
}

const describeBody = (b: Concrete['body']) => {
  if (!b) return '';
  let s: string;
  try {
    s = 'json' in b ? JSON.stringify(b.json) : `${b.contentType}: ${b.raw}`;
  } catch {
    s = '(too deeply nested to print)';
  }
  return s && s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : (s ?? String(s));
};

export async function runFuzz(w: World, options: { runs: number; seed: number; onProgress?: (done: number) => void }): Promise<FuzzReport> {
  const started = performance.now();
  const report: FuzzReport = {
    runs: 0,
    byStatus: {},
    byOperation: {},
    acceptedEvents: {},
    placementsCreated: 0,
    failures: [],
    statesReached: 0,
    mailsSent: 0,
    ms: 0,
    msByOperation: {},
  };
  const states = new Set<string>();
  const arb = generatedRequest(w.operations);
  const CHUNK = 250;
  for (let done = 0; done < options.runs; done += CHUNK) {
    const batch = fc.sample(arb, { numRuns: Math.min(CHUNK, options.runs - done), seed: options.seed + done });
    for (const [i, g] of batch.entries()) {
      const index = done + i;
      w.now = new Date(w.now.getTime() + g.advanceMinutes * 60_000);
      const c = concretise(w, g);
      const t0 = performance.now();
      const spent = () => (report.msByOperation[c.op.operationId] = (report.msByOperation[c.op.operationId] ?? 0) + performance.now() - t0);
      const failure = (kind: Failure['kind'], detail: string) =>
        report.failures.push({
          index,
          kind,
          detail,
          request: { method: c.method.toUpperCase(), path: c.path.slice(0, 300), headers: c.headers, body: describeBody(c.body) },
        });
      const eventKey = c.eventType ? `ev:${c.eventType}` : null;
      const te = performance.now();
      await (async () => {
        const before = await fingerprint(w.orm);
        let res: request.Response;
        try {
          let r = w.http[c.method](c.path);
          for (const [k, v] of Object.entries(c.headers)) r = r.set(k, v);
          if (c.body && 'json' in c.body) r = r.set('Content-Type', 'application/json').send(JSON.stringify(c.body.json) ?? 'null');
          else if (c.body) r = (c.body.contentType ? r.set('Content-Type', c.body.contentType) : r).send(c.body.raw);
          res = await r;
        } catch (e) {
          const code = (e as { code?: string }).code ?? '';
          // The client would not send it (a header it cannot encode): nothing reached the server.
          if (/ERR_INVALID_CHAR|ERR_HTTP_INVALID_HEADER_VALUE|ERR_INVALID_HTTP_TOKEN|ERR_UNESCAPED_CHARACTERS/.test(code)) return;
          failure('client', `${code} ${(e as Error).message}`);
          return;
        }
        report.runs++;
        const klass = `${Math.floor(res.status / 100)}xx`;
        report.byStatus[res.status] = (report.byStatus[res.status] ?? 0) + 1;
        const perOp = (report.byOperation[c.op.operationId] ??= {});
        perOp[klass] = (perOp[klass] ?? 0) + 1;
        if (res.status >= 500) {
          failure('5xx', `${res.status} ${res.text.slice(0, 300)}`);
          return;
        }
        if (res.status >= 400) {
          const after = await fingerprint(w.orm);
          if (after !== before) failure('write-on-refusal', `${res.status}: ${before} -> ${after}`);
          // Without X-Request-Id the app never saw it: Node's HTTP parser answered (431 headers too large, 400 unparsable).
          if (res.headers['x-request-id'] && !String(res.headers['content-type']).startsWith('application/problem+json'))
            failure('not-problem', `${res.status} as ${res.headers['content-type']}`);
          if (
            res.status === 422 &&
            !(Array.isArray(res.body?.errors) && res.body.errors.length > 0 && res.body.errors.every((e: { path?: unknown }) => typeof e.path === 'string'))
          )
            failure('unnamed-422', res.text.slice(0, 300));
          return;
        }
        // Accepted.
        if (c.op.operationId === 'createPlacement' || c.op.operationId === 'sendPlacementEvent' || c.op.operationId === 'getPlacement') remember(w, res.body);
        if (c.op.operationId === 'listPlacements') for (const p of res.body.items ?? []) if (w.placements.has(p.id)) remember(w, p);
        if (c.op.operationId === 'createPlacement') {
          report.placementsCreated++;
          const known = w.placements.get(res.body.id);
          if (known) known.serviceProviderId = (c.body && 'json' in c.body && (c.body.json as any)?.placement?.serviceProviderId) || null;
        }
        if (c.op.operationId === 'createUser' && typeof res.body?.id === 'string' && w.victims.length < 50) w.victims.push(res.body.id);
        const touched = new Set<string>();
        if (c.op.operationId === 'createPlacement' || c.op.operationId === 'sendPlacementEvent') {
          const id: string = res.body.id;
          touched.add(id);
          const p0 = performance.now();
          const problems = await placementProblems(w, id, res.body.version);
          report.msByOperation['(invariants)'] = (report.msByOperation['(invariants)'] ?? 0) + performance.now() - p0;
          if (problems.length) failure('invariant', `${id} after ${c.eventType ?? 'create'}: ${problems.join('; ')}`);
          if (c.eventType) report.acceptedEvents[c.eventType] = (report.acceptedEvents[c.eventType] ?? 0) + 1;
          states.add(JSON.stringify(res.body.regions ?? res.body.state));
        }
        if (c.op.operationId === 'listPlacementDocuments' || c.eventType === 'NOTICE_SIGNED' || c.eventType === 'NOTICE_UPDATED') {
          w.documentIds = (await w.orm.em.getConnection().execute('select id from document order by id', [], 'all')).map((r) => String(r.id));
        }
        if (c.eventType === 'NOTICE_SIGNED' || c.eventType === 'NOTICE_UPDATED') {
          const m0 = performance.now();
          const sent = await w.dispatcher.runOnce();
          report.mailsSent += sent.sent;
          report.msByOperation['(dispatcher)'] = (report.msByOperation['(dispatcher)'] ?? 0) + performance.now() - m0;
        }
        if (c.op.operationId === 'sweepDeadlines') for (const f of res.body.fired ?? []) touched.add(f.placementId);
        // System events (deliveries, lapses) changed these placements too: their invariants must still hold.
        for (const id of touched) {
          if (!w.placements.has(id)) continue;
          const problems = await placementProblems(w, id);
          if (problems.length) failure('invariant', `${id} after the system's events: ${problems.join('; ')}`);
        }
      })();
      spent();
      if (eventKey && process.env.FUZZ_PROFILE) report.msByOperation[eventKey] = (report.msByOperation[eventKey] ?? 0) + performance.now() - te;
    }
    options.onProgress?.(Math.min(done + CHUNK, options.runs));
  }
  report.statesReached = states.size;
  report.ms = Math.round(performance.now() - started);
  return report;
}

/** Every placement's invariants and the whole audit chain, at the end of a run. */
export async function finalProblems(w: World): Promise<string[]> {
  const problems: string[] = [];
  for (const id of w.placementIds) for (const p of await placementProblems(w, id)) problems.push(`${id}: ${p}`);
  const verdict = await w.services.audit.verify();
  if (!verdict.ok) problems.push(`audit chain broken at seq ${verdict.firstBrokenSeq}`);
  return problems;
}

export function summarise(r: FuzzReport): string {
  const classes: Record<string, number> = {};
  for (const [status, n] of Object.entries(r.byStatus)) classes[`${status[0]}xx`] = (classes[`${status[0]}xx`] ?? 0) + n;
  return [
    `${r.runs} requests in ${(r.ms / 1000).toFixed(1)} s over ${Object.keys(r.byOperation).length} operations: ${JSON.stringify(classes)}`,
    `statuses ${JSON.stringify(r.byStatus)}`,
    `${r.placementsCreated} placements created; ${Object.values(r.acceptedEvents).reduce((a, b) => a + b, 0)} events accepted (${Object.keys(r.acceptedEvents).length} types); ${r.statesReached} distinct states; ${r.mailsSent} mails sent`,
    `accepted events ${JSON.stringify(r.acceptedEvents)}`,
  ].join('\n');
}

/** Failures grouped by kind and first line of detail, with one example request each (for a readable report). */
export function describeFailures(failures: Failure[]): string {
  const groups = new Map<string, { n: number; example: Failure }>();
  for (const f of failures) {
    const key = `${f.kind}: ${f.detail.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>').slice(0, 200)}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { n: 1, example: f });
  }
  return [...groups]
    .map(
      ([key, { n, example }]) =>
        `${n} x ${key}\n    e.g. #${example.index} ${example.request.method} ${example.request.path} ${JSON.stringify(example.request.headers)} ${example.request.body}`,
    )
    .join('\n');
}
