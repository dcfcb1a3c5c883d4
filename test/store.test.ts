import { rmSync } from 'node:fs';
import path from 'node:path';
import { LockMode, OptimisticLockError } from '@mikro-orm/core';
import request from 'supertest';
import { migrateAndSeed } from '../src/bootstrap';
import { parseDatabaseUrl } from '../src/config';
import { createApp } from '../src/http/app';
import { AuditEvent, Deadline, Organisation, Placement, User } from '../src/store/entities';
import { migrate, openOrm, type Orm } from '../src/store/orm';
import { createServices } from '../src/services';
import { startPlacement, type Draft } from '../machines/placement';
import { activeRulebook } from '../machines/rulebook';
import { draftBody } from './api/placement-fixtures';
import { ADMIN, tempDir, testConfig } from './support/api-harness';

const quiet = () => {};
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function freshOrm(): Promise<{ orm: Orm; config: ReturnType<typeof testConfig> }> {
  dir = tempDir();
  const config = testConfig(dir);
  const orm = await openOrm(config.database);
  await migrateAndSeed(orm, config, quiet);
  return { orm, config };
}

const started = startPlacement({
  ...(draftBody() as Draft),
  placementId: '00000000-0000-4000-8000-000000000001',
  rulebookId: activeRulebook.id,
  placingAuthorityId: 'E08000025',
  placingNation: 'england',
  createdAt: '2026-03-02T09:00:00Z',
});
if (!started.ok) throw new Error('the fixture draft must start');
const snapshot = started.placement;

const newPlacement = () => ({
  placingAuthorityId: 'E08000025',
  hostAuthorityId: 'S12000036',
  setting: 'residential' as const,
  legalBasisType: 'care-order',
  state: 'draft',
  legalStatus: 'pending',
  snapshot,
  machineVersion: snapshot.machineVersion,
  rulebookVersion: snapshot.rulebookId,
  createdAt: new Date('2026-03-02T09:00:00Z'),
  updatedAt: new Date('2026-03-02T09:00:00Z'),
});

describe('the SQLite store', () => {
  it('creates the file under the configured path and keeps data across a restart', async () => {
    const { orm, config } = await freshOrm();
    if (config.database.kind === 'sqlite') expect(config.database).toEqual({ kind: 'sqlite', path: path.join(dir, 'cbp.sqlite') });
    const admin = await createServices({ orm, config }).users.ensureAdmin(config);
    expect(admin.created).toBe(true);
    const em = orm.em.fork();
    const placement = em.create(Placement, newPlacement());
    await em.flush();
    await orm.close();

    const reopened = await openOrm(config.database);
    try {
      expect(await migrate(reopened)).toEqual([]); // idempotent: nothing left to apply
      await migrateAndSeed(reopened, config, quiet); // and seeding again changes nothing
      const em2 = reopened.em.fork();
      expect(await em2.count(Organisation, {})).toBe(231);
      expect(await em2.count(User, { role: 'admin' })).toBe(1);
      expect((await createServices({ orm: reopened, config }).users.ensureAdmin(config)).created).toBe(false);
      const loaded = await em2.findOneOrFail(Placement, { id: placement.id });
      expect(loaded.snapshot).toEqual(newPlacement().snapshot);
      expect(loaded.version).toBe(1);
      const res = await request(createApp(createServices({ orm: reopened, config })))
        .get('/api/me')
        .set('Authorization', ADMIN);
      expect(res.status).toBe(200); // the admin token survived the restart
    } finally {
      await reopened.close();
    }
  });

  it('has a schema exactly matching the entities after migrating (no missing migration)', async () => {
    const { orm } = await freshOrm();
    try {
      expect(await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).toBe('');
    } finally {
      await orm.close();
    }
  });

  it('rejects a stale placement version (optimistic lock)', async () => {
    const { orm } = await freshOrm();
    try {
      const em = orm.em.fork();
      const placement = em.create(Placement, newPlacement());
      await em.flush();

      const a = orm.em.fork();
      const b = orm.em.fork();
      const pa = await a.findOneOrFail(Placement, { id: placement.id });
      const pb = await b.findOneOrFail(Placement, { id: placement.id });
      pa.state = 'notified';
      await a.flush();
      expect(pa.version).toBe(2);
      pb.state = 'placed';
      await expect(b.flush()).rejects.toBeInstanceOf(OptimisticLockError);
      // How the engine checks an If-Match version against the row it loaded:
      const c = orm.em.fork();
      const pc = await c.findOneOrFail(Placement, { id: placement.id });
      await expect(c.lock(pc, LockMode.OPTIMISTIC, 1)).rejects.toBeInstanceOf(OptimisticLockError);
      await expect(c.lock(pc, LockMode.OPTIMISTIC, 2)).resolves.toBeUndefined();
    } finally {
      await orm.close();
    }
  });

  it('numbers audit events with one global sequence and enforces foreign keys', async () => {
    const { orm } = await freshOrm();
    try {
      const em = orm.em.fork();
      const placement = em.create(Placement, newPlacement());
      const at = new Date('2026-03-01T10:00:00Z');
      const base = { type: 'X', at, recordedAt: at, actorRole: 'system' as const, payload: {}, prevHash: null };
      const first = em.create(AuditEvent, { ...base, placementId: placement.id, hash: 'h1' });
      const second = em.create(AuditEvent, { ...base, placementId: null, hash: 'h2', prevHash: 'h1' });
      await em.flush();
      expect(second.seq).toBe(first.seq + 1);

      const bad = orm.em.fork();
      bad.create(Deadline, {
        id: 'd1',
        placementId: 'no-such-placement',
        placingAuthorityId: 'E08000025',
        rule: 'r',
        citation: 'c',
        dueAt: at,
        status: 'open',
        openedAt: at,
      });
      await expect(bad.flush()).rejects.toThrow(/FOREIGN KEY/i);
    } finally {
      await orm.close();
    }
  });

  it('reports the database as down on /api/health when it cannot be reached', async () => {
    const { orm, config } = await freshOrm();
    const app = createApp(createServices({ orm, config }));
    await orm.close(true);
    const res = await request(app).get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'unavailable', database: 'down' });
  });
});

describe('DATABASE_URL', () => {
  it('accepts a SQLite path (relative to the working directory, optionally sqlite:-prefixed) or a PostgreSQL URL', () => {
    expect(parseDatabaseUrl('db/x.sqlite', '/srv/app')).toEqual({ kind: 'sqlite', path: '/srv/app/db/x.sqlite' });
    expect(parseDatabaseUrl('sqlite:///tmp/x.sqlite')).toEqual({ kind: 'sqlite', path: '/tmp/x.sqlite' });
    expect(parseDatabaseUrl('postgresql://u:p@h/db')).toEqual({ kind: 'postgresql', url: 'postgresql://u:p@h/db' });
    expect(parseDatabaseUrl(undefined)).toMatchObject({ kind: 'sqlite', path: expect.stringMatching(/data[/\\]cbp\.sqlite$/) });
    expect(() => parseDatabaseUrl('mysql://h/db')).toThrow(/unsupported/);
  });
});
