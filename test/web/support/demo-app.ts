// A small express app with the web router over in-memory stores and the demo backend, seeded with
// placements in each legal status. Page tests drive it with supertest; the end-to-end test serves it
// on 127.0.0.1 for Chromium. The clock is fixed unless a test moves it.
import express, { type Express } from 'express';
import { buildStylesheet, type Stylesheet } from '../../../src/web/assets';
import { createWebRouter } from '../../../src/web/app';
import { MemoryNotifyDraftStore } from '../../../src/web/backend';
import { MemorySessionStore } from '../../../src/web/security/session';
import { FakeSignInMailer, MemoryRateLimiter, MemorySignInCodeStore, MemoryUserDirectory } from '../../../src/web/sign-in/memory';
import type { SignInMailer, WebUser } from '../../../src/web/sign-in/ports';
import { DemoBackend } from './demo-backend';

export const NOW = '2026-03-20T10:00:00Z';

export const USERS = {
  placing: {
    id: 'u-placing',
    name: 'Sam Patel',
    email: 'sam.patel@birmingham.example',
    role: 'placing',
    organisationId: 'E08000025',
    organisationName: 'Birmingham City Council',
  },
  otherPlacing: {
    id: 'u-cardiff',
    name: 'Rhys Evans',
    email: 'rhys.evans@cardiff.example',
    role: 'placing',
    organisationId: 'W06000015',
    organisationName: 'Cardiff Council',
  },
  host: {
    id: 'u-host',
    name: 'Morag Campbell',
    email: 'morag.campbell@edinburgh.example',
    role: 'host',
    organisationId: 'S12000036',
    organisationName: 'City of Edinburgh Council',
  },
  inspector: {
    id: 'u-inspector',
    name: 'Iain Reid',
    email: 'iain.reid@careinspectorate.example',
    role: 'inspector',
    organisationId: 'scot-care-inspectorate',
    organisationName: 'Care Inspectorate',
  },
  ministers: {
    id: 'u-ministers',
    name: 'Ailsa Ross',
    email: 'ailsa.ross@gov.scot.example',
    role: 'ministers',
    organisationId: 'scot-scottish-ministers',
    organisationName: 'Scottish Ministers (Scottish Government)',
  },
  admin: {
    id: 'u-admin',
    name: 'Alex Admin',
    email: 'admin@cbp.example',
    role: 'admin',
    organisationId: 'scot-scottish-ministers',
    organisationName: 'Scottish Ministers (Scottish Government)',
  },
} satisfies Record<string, WebUser>;

export function draft(overrides: Record<string, unknown> = {}, placement: Record<string, unknown> = {}) {
  return {
    child: { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '2012-04-02', gender: 'female' },
    setting: 'residential',
    legalBasis: { type: 'care-order', court: 'Family Court at Birmingham', madeOn: '2026-03-01', effectiveFrom: '2026-03-02T10:00:00Z', expiresAt: null },
    placement: {
      hostAuthorityId: 'S12000036',
      serviceName: 'Harbour House',
      serviceAddress: '1 Quay Road, Edinburgh',
      serviceEmail: 'manager@harbourhouse.example.org',
      careInspectorateNumber: 'CS2020000001',
      plannedStart: '2026-03-05T10:00:00Z',
      permanence: 'temporary',
      ...placement,
    },
    needs: { health: 'Asthma; inhaler', education: 'Year 9' },
    contacts: { socialWorker: { name: 'Sam Patel', phone: '0121 000 0000', email: 'sam.patel@birmingham.example' } },
    ...overrides,
  };
}

const signatory = { name: 'Jo Bloggs', role: 'Head of Children in Care' };

/** Seeds one placement in each legal status; returns their ids by name. */
export function seed(b: DemoBackend) {
  const P = USERS.placing;
  const must = <T>(r: { ok: true; value: T } | { ok: false; problem: unknown }): T => {
    if (!r.ok) throw new Error(`seed failed: ${JSON.stringify(r.problem)}`);
    return r.value;
  };
  const make = (at: string, over: Record<string, unknown> = {}, placement: Record<string, unknown> = {}, user: WebUser = P) =>
    must(b.create(user, draft(over, placement), at)).id;
  const send = (id: string, event: Record<string, unknown> & { type: string }, at: string, user: WebUser = P) => must(b.send(user, id, { ...event, at }));

  const draftOnly = make(
    '2026-03-18T09:00:00Z',
    { child: { firstName: 'Grace', lastName: 'Hopper', dateOfBirth: '2011-12-09', gender: 'female' } },
    { plannedStart: '2026-04-01T10:00:00Z' },
  );

  const pending = make(
    '2026-03-16T08:00:00Z',
    { child: { firstName: 'Alan', lastName: 'Turing', dateOfBirth: '2012-06-23', gender: 'male' } },
    { plannedStart: '2026-03-25T10:00:00Z' },
  );
  send(pending, { type: 'NOTICE_SIGNED', signatory }, '2026-03-16T09:00:00Z');

  const recognised = make('2026-03-02T09:00:00Z');
  send(recognised, { type: 'NOTICE_SIGNED', signatory }, '2026-03-03T08:59:00Z');
  send(recognised, { type: 'CHILD_ARRIVED' }, '2026-03-05T11:00:00Z');
  send(recognised, { type: 'HOST_CONDITIONS_CONFIRMED' }, '2026-03-06T10:00:00Z', USERS.host);
  send(recognised, { type: 'VISIT_RECORDED' }, '2026-03-12T15:30:00Z');

  const unrecognised = make(
    '2026-03-09T09:00:00Z',
    { child: { firstName: 'Mary', lastName: 'Seacole', dateOfBirth: '2013-01-23', gender: 'female' } },
    { plannedStart: '2026-03-10T09:00:00Z' },
  );
  send(unrecognised, { type: 'CHILD_ARRIVED' }, '2026-03-10T12:00:00Z');

  const atRisk = make('2026-03-02T09:00:00Z', { child: { firstName: 'Isambard', lastName: 'Brunel', dateOfBirth: '2010-04-09', gender: 'male' } });
  send(atRisk, { type: 'NOTICE_SIGNED', signatory }, '2026-03-03T08:59:00Z');
  send(atRisk, { type: 'CHILD_ARRIVED' }, '2026-03-05T11:00:00Z');
  send(
    atRisk,
    {
      type: 'ORDER_CHANGED',
      legalBasis: { type: 'care-order', court: 'Family Court at Birmingham', madeOn: '2026-03-19', effectiveFrom: '2026-03-19T10:00:00Z', expiresAt: null },
    },
    '2026-03-19T11:00:00Z',
  );

  const ended = make('2026-03-02T09:00:00Z', { child: { firstName: 'Florence', lastName: 'Nightingale', dateOfBirth: '2010-05-12', gender: 'female' } });
  send(ended, { type: 'NOTICE_SIGNED', signatory }, '2026-03-03T08:59:00Z');
  send(ended, { type: 'CHILD_ARRIVED' }, '2026-03-05T11:00:00Z');
  send(ended, { type: 'PLACEMENT_ENDED', reason: 'The child returned home.' }, '2026-03-12T10:00:00Z');
  send(ended, { type: 'NOTICE_UPDATED', signatory }, '2026-03-12T11:00:00Z');

  const cardiff = make(
    '2026-03-02T09:00:00Z',
    {
      child: { firstName: 'Owain', lastName: 'Glyndwr', dateOfBirth: '2011-09-16', gender: 'male' },
      legalBasis: { type: 'care-order', court: 'Family Court at Cardiff', madeOn: '2026-03-01', effectiveFrom: '2026-03-02T10:00:00Z', expiresAt: null },
    },
    { hostAuthorityId: 'S12000033', serviceAddress: '2 Harbour Street, Aberdeen' },
    USERS.otherPlacing,
  );
  send(cardiff, { type: 'NOTICE_SIGNED', signatory }, '2026-03-03T08:59:00Z', USERS.otherPlacing);

  return { draftOnly, pending, recognised, unrecognised, atRisk, ended, cardiff };
}

let stylesheet: Stylesheet | null = null;

export interface DemoApp {
  app: Express;
  backend: DemoBackend;
  mailer: FakeSignInMailer;
  sessions: MemorySessionStore;
  ids: ReturnType<typeof seed>;
  clock: { now: Date };
}

export async function createDemoApp(options: { baseUrl?: string; mailer?: SignInMailer; demoUsers?: boolean } = {}): Promise<DemoApp> {
  stylesheet ??= buildStylesheet();
  const sheet = stylesheet;
  const clock = { now: new Date(NOW) };
  const now = () => clock.now;
  const backend = new DemoBackend(now);
  const ids = seed(backend);
  for (const u of Object.values(USERS))
    backend.users.push({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      organisationId: u.organisationId,
      activeTokens: 1,
      createdAt: '2026-03-01T09:00:00Z',
    });
  const users = new MemoryUserDirectory(Object.values(USERS));
  const mailer = new FakeSignInMailer();
  const sessions = new MemorySessionStore(24 * 3600 * 1000, () => clock.now.getTime());
  const app = express();
  app.set('trust proxy', false);
  app.use(
    createWebRouter({
      stylesheet: sheet,
      users,
      sessions,
      signIn: {
        codes: new MemorySignInCodeStore(),
        mailer: options.mailer ?? mailer,
        secret: 'test-secret-0123456789abcdef0123456789abcdef',
        baseUrl: options.baseUrl ?? 'http://127.0.0.1',
        perAccount: new MemoryRateLimiter(5, 15 * 60 * 1000, () => clock.now.getTime()),
        perIp: new MemoryRateLimiter(1000, 15 * 60 * 1000, () => clock.now.getTime()),
      },
      backend,
      drafts: new MemoryNotifyDraftStore(),
      clock: now,
      secure: false,
      ...(options.demoUsers ? { demoUsers: async () => Object.values(USERS) } : {}),
      onError: (e) => console.error(e),
    }),
  );
  return { app, backend, mailer, sessions, ids, clock };
}
