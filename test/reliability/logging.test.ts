// What the logs hold. The whole server as `npm start` builds it (serve: routes, writer, dispatcher to a real
// SMTP server on 127.0.0.1, sweeper) logs through the app's logger at debug level, so every SQL statement is
// logged too; the test captures every line of a run of API calls (placements for a child with a distinctive
// name, sign-in with good, bad and revoked tokens, 4xx of every kind, mail refused by the SMTP server, and
// a 5xx from a real database failure whose message quotes the row) and finds no child's name or date of
// birth, no token or token hash, no SQL parameter value in it, while the lines it must hold are there.
import { rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createLogger, lineLogger, safeError, safeLine, safeMessage, setLogger, type Logger } from '../../src/logger';
import { smtpTransport } from '../../src/outbox/transport';
import { serve, type RunningServer } from '../../src/server';
import { hashToken } from '../../src/services/tokens';
import { openOrm, type Orm } from '../../src/store/orm';
import { draftBody, signatory } from '../api/placement-fixtures';
import { startSink, type Sink } from '../mail/smtp-sink';
import { ADMIN, ADMIN_TOKEN, tempDir, testConfig } from '../support/api-harness';

const CHILD = { firstName: 'Xanthippe', lastName: 'Quarterfield-Oyelaran', dateOfBirth: '2013-07-19', gender: 'female' };
const SECRET_REASON = 'Ophelia-Marchbanks moved to her aunt';

let dir: string;
let sink: Sink;
let running: RunningServer;
let side: Orm;
let previous: Logger | undefined;
const lines: string[] = [];
const announced: string[] = [];
const tokens: string[] = [ADMIN_TOKEN];

beforeAll(async () => {
  dir = tempDir('cbp-log-');
  const capture = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  previous = setLogger(createLogger({ level: 'debug', destination: capture as unknown as NodeJS.WritableStream & { write: (s: string) => boolean } }));
  sink = await startSink();
  const config = { ...testConfig(dir), port: 0, sweepIntervalMs: 1000 };
  // As the CLI wires it: runtime lines to the logger, start-up lines for the operator to the terminal.
  running = await serve(config, lineLogger('server'), { mail: smtpTransport(sink.url), announce: (l) => announced.push(l) });
  side = await openOrm(config.database);
}, 60_000);

afterAll(async () => {
  await side?.close();
  await running?.close();
  await sink?.stop();
  if (previous) setLogger(previous);
  rmSync(dir, { recursive: true, force: true });
});

const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 15_000) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

test('a run of API calls logs requests, errors, mail and SQL, and none of the personal data, tokens or SQL values', async () => {
  const http = request(running.url);
  const user = async (email: string, role: string, organisationId: string) => {
    const res = await http.post('/api/users').set('Authorization', ADMIN).send({ email, name: 'Perpetua Lindqvist-Abara', role, organisationId }).expect(201);
    // Outside development the token goes to the user's mailbox (a real SMTP server here), not to the admin.
    await until(() => sink.messages.some((m) => m.envelopeTo.includes(email)));
    const mail = sink.messages.find((m) => m.envelopeTo.includes(email))!;
    const token = /(cbp_[\w-]{43})/.exec(String(mail.text))![1];
    tokens.push(token);
    return { id: res.body.id as string, auth: `Bearer ${token}` };
  };
  const placing = await user('sw@birmingham.example', 'placing', 'E08000025');
  const host = await user('host@aberdeen.example', 'host', 'S12000033');
  // The host authority's mailbox refuses mail: the dispatcher logs the refusal.
  sink.refuse.add('notices@s12000033.cbp.invalid');

  const draft = { ...draftBody(), child: CHILD };
  const created = await http.post('/api/placements').set('Authorization', placing.auth).send(draft).expect(201);
  const id: string = created.body.id;
  await http.get(`/api/placements/${id}`).set('Authorization', placing.auth).expect(200);
  await http.get(`/api/placements?state=draft`).set('Authorization', host.auth).expect(200);
  await http
    .post(`/api/placements/${id}/events`)
    .set('Authorization', placing.auth)
    .set('If-Match', '1')
    .send({ type: 'NOTICE_SIGNED', signatory })
    .expect(200);
  await until(() => sink.messages.length > 0 && lines.some((l) => l.includes('refused')));
  // Refusals of every kind, each carrying personal data or a secret in the request.
  await http
    .post('/api/placements')
    .set('Authorization', placing.auth)
    .send({ ...draft, child: { ...CHILD, dateOfBirth: '9999-12-31' } })
    .expect(422);
  await http
    .post('/api/placements')
    .set('Authorization', placing.auth)
    .send({ ...draft, child: { ...CHILD, firstName: `${CHILD.firstName}\u0000` } })
    .expect(422);
  await http
    .post(`/api/placements/${id}/events`)
    .set('Authorization', placing.auth)
    .set('If-Match', '1')
    .send({ type: 'PLACEMENT_ENDED', reason: SECRET_REASON })
    .expect(409);
  await http.post(`/api/placements/${id}/events`).set('Authorization', host.auth).send({ type: 'PLACEMENT_ENDED', reason: SECRET_REASON }).expect(403);
  await http.get(`/api/placements/${id}`).set('Authorization', 'Bearer cbp_not-a-real-token-but-secret-looking').expect(401);
  await http
    .get(`/api/placements?placingAuthorityId=${encodeURIComponent(CHILD.lastName)}`)
    .set('Authorization', placing.auth)
    .expect(200);
  await http.get(`/api/organisations/${CHILD.lastName}`).set('Authorization', placing.auth).expect(404);
  await http
    .post('/api/placements')
    .set('Authorization', placing.auth)
    .set('Content-Type', 'application/json')
    .send(`{"child": {"firstName": "${CHILD.firstName}",`)
    .expect(400);
  await http.delete(`/api/users/${host.id}/tokens`).set('Authorization', ADMIN).expect(200);
  await http.get('/api/me').set('Authorization', host.auth).expect(401);

  // 5xx from real database failures: one on the writer's own statements (placements), one through the ORM,
  // whose error message quotes the whole insert with the row's values (a user's name and email).
  const conn = side.em.getConnection();
  if (running.services.config.database.kind === 'postgresql') {
    await conn.execute(`create function refuse_insert() returns trigger language plpgsql as $$ begin raise exception 'disk on fire'; end $$`);
    for (const table of ['placement', 'app_user'])
      await conn.execute(
        `create trigger refuse_${table === 'placement' ? 'placements' : 'users'} before insert on ${table} for each row execute function refuse_insert()`,
      );
  } else {
    await conn.execute(`create trigger refuse_placements before insert on placement begin select raise(abort, 'disk on fire'); end`);
    await conn.execute(`create trigger refuse_users before insert on app_user begin select raise(abort, 'disk on fire'); end`);
  }
  const failed = await http
    .post('/api/placements')
    .set('Authorization', placing.auth)
    .send({ ...draft, child: { ...CHILD, lastName: `${CHILD.lastName}-Two` } });
  const failedUser = await http
    .post('/api/users')
    .set('Authorization', ADMIN)
    .send({ email: 'perpetua@aberdeen.example', name: 'Perpetua Lindqvist-Abara', role: 'host', organisationId: 'S12000033' });
  const on = running.services.config.database.kind === 'postgresql' ? (table: string) => ` on ${table}` : () => '';
  await conn.execute(`drop trigger refuse_placements${on('placement')}`);
  await conn.execute(`drop trigger refuse_users${on('app_user')}`);
  expect([failed.status, failedUser.status]).toEqual([500, 500]);
  expect(failed.text + failedUser.text).not.toMatch(/insert|disk on fire|Xanthippe|Perpetua/i);
  await running.sweeper?.runNow();

  const text = [...lines, ...announced].join('\n');
  expect(announced.join('\n')).toMatch(/its token is CBP_ADMIN_TOKEN/);
  // The lines that must be there: each request, the failure with its request id and class, mail, SQL.
  const parsed = lines.map((l) => JSON.parse(l) as Record<string, any>);
  const failures = parsed.filter((l) => l.msg === 'request failed');
  expect(failures).toHaveLength(2);
  const pg = running.services.config.database.kind === 'postgresql';
  expect(failures[0]).toMatchObject({ level: 'error', requestId: failed.headers['x-request-id'], method: 'POST', route: '/api/placements', status: 500 });
  expect(failures[0].err.message).toMatch(pg ? /^(Error: )?disk on fire$/ : /^(Error: )?SQLITE_CONSTRAINT: disk on fire$/);
  // Users are written through the writer's own statements too: the error is the database's, no SQL in it.
  expect(failures[1]).toMatchObject({ requestId: failedUser.headers['x-request-id'], route: '/api/users' });
  expect(failures[1].err.message).toMatch(
    pg ? /^(\[SQL omitted\] - )?(Error: )?disk on fire$/ : /^(\[SQL omitted\] - )?(Error: )?SQLITE_CONSTRAINT: disk on fire$/,
  );
  expect(parsed.filter((l) => l.msg === 'request').length).toBeGreaterThanOrEqual(16);
  expect(parsed.find((l) => l.msg === 'request' && l.status === 401)).toMatchObject({ route: '/api/placements/:id' });
  expect(parsed.some((l) => l.component === 'server' && /refused/.test(l.msg))).toBe(true);
  const sql = parsed.filter((l) => l.component === 'sql');
  expect(sql.length).toBeGreaterThan(50);
  if (!sql.some((l) => /insert into `app_user`.*\?/.test(l.msg)))
    console.log(
      sql
        .slice(0, 40)
        .map((l) => l.msg)
        .join('\n'),
    );
  expect(sql.some((l) => /insert into [`"]?app_user[`"]?.*\?/.test(l.msg))).toBe(true);
  // SQL run while a request is handled carries its request id; so does the failed insert.
  expect(sql.some((l) => l.requestId === failedUser.headers['x-request-id'] && /insert into [`"]?app_user/.test(l.msg))).toBe(true);

  // And what must not: the child's identity, free text typed about them, any token or its hash, raw SQL values.
  const forbidden = [
    CHILD.firstName,
    CHILD.lastName,
    CHILD.dateOfBirth,
    '2013-07-19',
    SECRET_REASON,
    'Perpetua',
    'Harbour House',
    'cbp_not-a-real-token',
    ...tokens,
    ...tokens.map(hashToken),
    'perpetua@aberdeen.example',
    "'disk on fire'", // the trigger's text only as the driver's message, never inside quoted SQL
  ];
  for (const value of forbidden) expect({ value, found: text.includes(value) }).toEqual({ value, found: false });
  expect(text).not.toMatch(/values \(.*'/i);
});

test('safeError keeps the class, code and frames and cuts SQL and quoted values out of the message and stack', () => {
  const err = Object.assign(
    new Error(
      'insert into `placement` (`id`, `snapshot`) values (\'a\', \'{"firstName":"Ann"}\') - SQLITE_CONSTRAINT: NOT NULL constraint failed: placement.version',
    ),
    {
      code: 'SQLITE_CONSTRAINT',
      name: 'NotNullConstraintViolationException',
    },
  );
  const safe = safeError(Object.assign(new RangeError("Invalid date '2099-01-01' of Ann"), { cause: err }));
  expect(safe).toMatchObject({ type: 'RangeError', message: "Invalid date '…' of Ann" });
  expect(safe.cause).toMatchObject({
    type: 'NotNullConstraintViolationException',
    code: 'SQLITE_CONSTRAINT',
    message: '[SQL omitted] - SQLITE_CONSTRAINT: NOT NULL constraint failed: placement.version',
  });
  expect(JSON.stringify(safe)).not.toMatch(/firstName|2099-01-01/);
  expect(safe.stack).toMatch(/^RangeError: Invalid date '…' of Ann\n\s+at /);
  expect(safeMessage('Unexpected token \'x\', "{"child": "Ann"}" is not valid JSON')).toBe('Unexpected token \'…\', "…" is not valid JSON');
  // Found by the fuzzer, before the event was refused: a date of birth in a RangeError's message, unquoted.
  expect(safeMessage('Date 2007-01-01 is before the date of birth 2013-02-11')).toBe('Date <date> is before the date of birth <date>');
  expect(
    safeLine(
      "Deadline sweep failed (will retry): DriverException: update `deadline` set `fired_at` = 1 where `id` = 'x' - SQLITE_BUSY: database is locked\n    at f (a.ts:1:1)",
    ),
  ).toBe('Deadline sweep failed (will retry): DriverException: [SQL omitted] - SQLITE_BUSY: database is locked\n    at f (a.ts:1:1)');
  expect(safeLine('Mail to jane.doe@council.example failed (attempt 1): 451 try later')).toBe('Mail to <email> failed (attempt 1): 451 try later');
});
