// The server as a real process, and a client that drives a stream of writes at it and remembers the answer to
// each one. Used by the SIGTERM and SIGKILL suites: each write carries a marker (the text of a host query or
// its answer), so afterwards the database says exactly which writes were committed, and the client's record
// says which were acknowledged (200), refused (4xx) or cut off (no answer).
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { openOrm, type Orm } from '../../src/store/orm';
import { AuditEvent, OutboxMessage, Placement } from '../../src/store/entities';
import { ADMIN_TOKEN } from '../support/api-harness';
import type { Sink } from '../mail/smtp-sink';
import { draftBody, signatory } from '../api/placement-fixtures';

export const ROOT = path.resolve(__dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  /** The process group (the spawned process leads it). */
  pgid: number;
  /** The pid of the node process that serves (from its log lines), once known. */
  serverPid: number | null;
  output: string[];
  /** Resolves when the server logs that it listens. */
  ready: Promise<void>;
  /** Resolves when every process of the group has exited. */
  gone(timeoutMs?: number): Promise<void>;
}

/**
 * Starts `npm start` (`viaNpm`) or the command it runs, `node --import tsx src/cli.ts serve`, in its own process
 * group, with JSON log lines on stdout (LOG_LEVEL=info).
 */
export function startServer(env: Record<string, string>, options: { viaNpm: boolean }): ServerProcess {
  const [cmd, args] = options.viaNpm ? ['npm', ['start', '--silent']] : [process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve']];
  const child = spawn(cmd, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test', LOG_LEVEL: 'info', CBP_ADMIN_TOKEN: ADMIN_TOKEN, ...env },
  });
  const proc: ServerProcess = {
    child,
    pgid: child.pid!,
    serverPid: null,
    output: [],
    ready: Promise.resolve(),
    gone: (timeoutMs = 30_000) => groupGone(child.pid!, timeoutMs),
  };
  let buffered = '';
  proc.ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      buffered += String(chunk);
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        proc.output.push(line);
        if (line.startsWith('{')) {
          try {
            const parsed = JSON.parse(line) as { pid?: number; msg?: string };
            if (parsed.pid) proc.serverPid ??= parsed.pid;
            if (parsed.msg?.startsWith('Listening on')) resolve();
          } catch {
            // A plain start-up line.
          }
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`server exited before listening (${code ?? signal}):\n${proc.output.join('\n')}`)));
  });
  proc.ready.catch(() => {});
  return proc;
}

async function groupGone(pgid: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    if (Date.now() > end) throw new Error(`process group ${pgid} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// ---- the client ---------------------------------------------------------------------------------

export type Outcome = 'ack' | 'refused' | 'cut';

export interface Call {
  status: number | null;
  body: any;
  error: string | null;
}

export class Client {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

  constructor(readonly port: number) {}

  call(method: string, urlPath: string, token: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Call> {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path: urlPath,
          agent: this.agent,
          timeout: 30_000,
          headers: {
            ...(token && { Authorization: token }),
            ...(data && { 'Content-Type': 'application/json', 'Content-Length': String(data.length) }),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // not JSON
            }
            resolve({ status: res.statusCode ?? null, body: parsed, error: null });
          });
          res.on('error', (e) => resolve({ status: null, body: null, error: (e as NodeJS.ErrnoException).code ?? e.message }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => resolve({ status: null, body: null, error: (e as NodeJS.ErrnoException).code ?? e.message }));
      req.end(data);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export const outcomeOf = (c: Call): Outcome => (c.status === null ? 'cut' : c.status >= 200 && c.status < 300 ? 'ack' : 'refused');

/** A write and what the client learnt of it. `marker` is the text it carries (null for creation and signing). */
export interface Write {
  kind: 'create' | 'sign' | 'update' | 'raise' | 'answer' | 'probe';
  marker: string | null;
  placementId: string | null;
  outcome: Outcome;
  status: number | null;
  error: string | null;
  at: number;
}

export interface Accounts {
  placing: string;
  host: string;
}

/**
 * The users the stream acts as (made once; the database keeps them across restarts). The admin is never shown a
 * user's API key: it arrives in the account email, read here from the SMTP server as the user would read it.
 */
export async function createAccounts(client: Client, tag: string, sink: Sink): Promise<Accounts> {
  const make = async (role: string, organisationId: string) => {
    const email = `${role}-${tag}@stream.example`;
    const res = await client.call('POST', '/api/users', `Bearer ${ADMIN_TOKEN}`, { email, name: `Stream ${role}`, role, organisationId });
    if (res.status !== 201) throw new Error(`create ${role}: ${res.status} ${res.error ?? JSON.stringify(res.body)}`);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const mail = sink.messages.find((m) => m.envelopeTo.includes(email));
      const key = mail && /\bcbp_[A-Za-z0-9_-]{43}\b/.exec(mail.text ?? '')?.[0];
      if (key) return `Bearer ${key}`;
      if (Date.now() > deadline) throw new Error(`no account email with an API key reached ${email}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { placing: await make('placing', 'E08000025'), host: await make('host', 'S12000033') };
}

/** One writer's place in its story; it survives a restart of the server (the client is not restarted). */
export interface WorkerState {
  name: string;
  placementId: string | null;
  signed: boolean;
  queryOpen: boolean;
  /** The last request was cut off: read the placement before writing again. */
  resync: boolean;
  seq: number;
}

export const newWorker = (name: string): WorkerState => ({ name, placementId: null, signed: false, queryOpen: false, resync: false, seq: 0 });

/**
 * Writes until `stop()` says so or the server stops answering: create a placement, sign its notice (mail to
 * every recipient), then host queries and their answers, each with a unique marker; about one write in six is
 * a probe the server must refuse (a stale If-Match, or an answer with no open query), with a marker too, and
 * about one in eight a new notice version (a PDF rendered on the event loop, and mail to every recipient).
 */
export async function runWorker(client: Client, accounts: Accounts, w: WorkerState, writes: Write[], stop: () => boolean, rng: () => number): Promise<void> {
  const record = (kind: Write['kind'], marker: string | null, placementId: string | null, c: Call): Outcome => {
    const outcome = outcomeOf(c);
    writes.push({ kind, marker, placementId, outcome, status: c.status, error: c.error, at: Date.now() });
    return outcome;
  };
  while (!stop()) {
    if (w.resync && w.placementId) {
      const got = await client.call('GET', `/api/placements/${w.placementId}`, accounts.placing);
      if (got.status === null) return;
      if (got.status !== 200) throw new Error(`resync ${w.placementId}: ${got.status} ${JSON.stringify(got.body)}`);
      w.signed = got.body.regions?.notice !== 'unsigned';
      w.queryOpen = got.body.regions?.hostReview === 'queried';
      w.resync = false;
    }
    if (!w.placementId) {
      const c = await client.call(
        'POST',
        '/api/placements',
        accounts.placing,
        draftBody({ child: { firstName: 'Stream', lastName: w.name, dateOfBirth: '2012-04-02', gender: 'female' } }),
      );
      const o = record('create', null, c.status === 201 ? c.body.id : null, c);
      if (o === 'cut') return;
      if (o !== 'ack') throw new Error(`create refused: ${c.status} ${JSON.stringify(c.body)}`);
      w.placementId = c.body.id;
      w.signed = false;
      w.queryOpen = false;
      continue;
    }
    const id = w.placementId;
    if (!w.signed) {
      const c = await client.call('POST', `/api/placements/${id}/events`, accounts.placing, { type: 'NOTICE_SIGNED', signatory });
      const o = record('sign', null, id, c);
      if (o === 'cut') return void (w.resync = true);
      if (o === 'refused') w.resync = true;
      else w.signed = true;
      continue;
    }
    if (rng() < 0.12) {
      const c = await client.call('POST', `/api/placements/${id}/events`, accounts.placing, { type: 'NOTICE_UPDATED', signatory });
      const o = record('update', null, id, c);
      if (o === 'cut') return void (w.resync = true);
      if (o === 'refused') w.resync = true;
      continue;
    }
    const marker = `m-${w.name}-${++w.seq}`;
    if (rng() < 0.17) {
      // Refused by the version check or by the machine: neither may leave a trace.
      const c =
        w.queryOpen || rng() < 0.5
          ? await client.call(
              'POST',
              `/api/placements/${id}/events`,
              accounts.host,
              { type: 'HOST_QUERY_RAISED', text: `Probe ${marker}` },
              { 'If-Match': '1' },
            )
          : await client.call('POST', `/api/placements/${id}/events`, accounts.placing, { type: 'HOST_QUERY_ANSWERED', text: `Probe ${marker}` });
      const o = record('probe', marker, id, c);
      if (o === 'cut') return void (w.resync = true);
      if (o === 'ack') w.resync = true; // not refused after all (the verdict is still checked against the database)
      continue;
    }
    const c = w.queryOpen
      ? await client.call('POST', `/api/placements/${id}/events`, accounts.placing, { type: 'HOST_QUERY_ANSWERED', text: `Answer ${marker}` })
      : await client.call('POST', `/api/placements/${id}/events`, accounts.host, { type: 'HOST_QUERY_RAISED', text: `Query ${marker}` });
    const o = record(w.queryOpen ? 'answer' : 'raise', marker, id, c);
    if (o === 'cut') return void (w.resync = true);
    if (o === 'ack') w.queryOpen = !w.queryOpen;
    else w.resync = true;
  }
}

// ---- what the database holds ----------------------------------------------------------------------

export interface Committed {
  /** marker -> number of audit entries carrying it. */
  markers: Map<string, number>;
  placementIds: Set<string>;
  /** Placements whose notice was signed (an audit entry NOTICE_SIGNED). */
  signed: Set<string>;
  /** placement -> number of NOTICE_UPDATED entries. */
  updates: Map<string, number>;
  outbox: { id: string; status: string; attempts: number; nextAttemptAt: Date | null }[];
}

export async function readCommitted(databasePath: string): Promise<Committed> {
  const orm: Orm = await openOrm({ kind: 'sqlite', path: databasePath });
  try {
    const em = orm.em.fork();
    // A query's text is personal data, kept beside the audit chain (audit_personal), not in its payload.
    const texts: { value: unknown }[] = await em
      .getConnection()
      .execute(
        `select p.value from audit_personal p join audit_event e on e.seq = p.seq where p.path = 'text' and e.type in ('HOST_QUERY_RAISED', 'HOST_QUERY_ANSWERED')`,
      );
    const markers = new Map<string, number>();
    for (const { value } of texts) {
      const text = String(typeof value === 'string' && value.startsWith('"') ? JSON.parse(value) : (value ?? ''));
      const m = /\b(m-\S+)$/.exec(text);
      if (m) markers.set(m[1], (markers.get(m[1]) ?? 0) + 1);
    }
    const signed = new Set((await em.find(AuditEvent, { type: 'NOTICE_SIGNED' })).map((e) => String(e.placementId)));
    const updates = new Map<string, number>();
    for (const e of await em.find(AuditEvent, { type: 'NOTICE_UPDATED' })) updates.set(String(e.placementId), (updates.get(String(e.placementId)) ?? 0) + 1);
    const placementIds = new Set((await em.find(Placement, {}, { fields: ['id'] })).map((p) => p.id));
    const outbox = (await em.find(OutboxMessage, {})).map((m) => ({
      id: m.id,
      status: m.status,
      attempts: m.attempts,
      nextAttemptAt: m.nextAttemptAt ?? null,
    }));
    return { markers, placementIds, signed, updates, outbox };
  } finally {
    await orm.close();
  }
}

/** The outbox id a delivered message carries in its Message-ID (`<outbox-ID@cross-border-placements>`). */
export const outboxIdOf = (messageId: string | undefined): string | null => /<?outbox-([^@>]+)@/.exec(messageId ?? '')?.[1] ?? null;

/** Seeded random numbers (mulberry32), so a failing run can be repeated. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Per placement: [acknowledged, cut off] writes of `kind`. */
export function countsByPlacement(writes: Write[], kind: Write['kind']): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const w of writes) {
    if (w.kind !== kind || !w.placementId || w.outcome === 'refused') continue;
    const c = out.get(w.placementId) ?? [0, 0];
    c[w.outcome === 'ack' ? 0 : 1]++;
    out.set(w.placementId, c);
  }
  return out;
}
