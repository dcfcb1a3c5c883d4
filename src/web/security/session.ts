// Server-side sessions for pages. The browser holds only a random id; the store holds the session under
// the id's SHA-256, so a copy of the store gives no live cookie. Idle and absolute timeouts are enforced
// here with an injected clock, whatever the store does; the id is replaced at sign-in (no fixation).
import { createHash, randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';

export interface SessionData {
  /** The signed-in user; absent before sign-in. */
  userId?: string;
  csrfToken?: string;
  /** The sign-in challenge this browser is answering (the code form). */
  signIn?: { challengeId: string; email: string };
  /** A one-time message for the next page (GOV.UK success banner). */
  flash?: string;
  /** Why the last session ended, for the sign-in page ("idle", "absolute"). */
  endedBecause?: 'idle' | 'absolute' | 'signed-out';
  [key: string]: unknown;
}

export interface StoredSession {
  data: SessionData;
  /** Epoch milliseconds. */
  createdAt: number;
  lastSeenAt: number;
}

/**
 * Where sessions live (the lead backs it by a database table). Keys are SHA-256 hex digests of the
 * cookie value. `get` may return an expired session: the middleware checks both timeouts itself.
 */
export interface SessionStore {
  get(key: string): Promise<StoredSession | null>;
  /** Creates or replaces the whole session. */
  set(key: string, session: StoredSession): Promise<void>;
  /** Records activity without rewriting the data (the idle timeout restarts from `lastSeenAt`). */
  touch(key: string, lastSeenAt: number): Promise<void>;
  destroy(key: string): Promise<void>;
}

/** For tests and a single instance: sessions in memory, swept of expired ones as they are written. */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, StoredSession>();

  constructor(
    private readonly maxAgeMs = 24 * 3600 * 1000,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(key: string) {
    const s = this.sessions.get(key);
    return s ? structuredClone(s) : null;
  }

  async set(key: string, session: StoredSession) {
    this.sweep();
    this.sessions.set(key, structuredClone(session));
  }

  async touch(key: string, lastSeenAt: number) {
    const s = this.sessions.get(key);
    if (s) s.lastSeenAt = lastSeenAt;
  }

  async destroy(key: string) {
    this.sessions.delete(key);
  }

  get size() {
    return this.sessions.size;
  }

  private sweep() {
    const now = this.clock();
    for (const [k, s] of this.sessions) if (now - s.createdAt > this.maxAgeMs) this.sessions.delete(k);
  }
}

export interface SessionOptions {
  store: SessionStore;
  clock?: () => Date;
  /** Signed out after this long without a request. Default 30 minutes. */
  idleTimeoutMs?: number;
  /** Signed out this long after sign-in whatever the activity. Default 10 hours (a working day). */
  absoluteTimeoutMs?: number;
  /** Secure cookie (and the __Host- prefix): every environment but development. */
  secure: boolean;
  /** Touch the store at most this often per session (each touch is a write). Default 60 s. */
  touchEveryMs?: number;
}

export interface PageSession {
  readonly data: SessionData;
  /** Marks the data changed, so it is written before the response ends. */
  changed(): void;
  /** A new id for the same browser, keeping only `keep` (sign-in: no session fixation). */
  regenerate(keep?: SessionData): void;
  /** Ends the session; the next request starts an anonymous one. */
  destroy(): void;
  /** Writes now (before a redirect that the next request must see). */
  save(): Promise<void>;
}

declare module 'express-serve-static-core' {
  interface Request {
    session: PageSession;
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const newId = () => randomBytes(32).toString('base64url');

export function cookieName(secure: boolean) {
  // __Host-: only over HTTPS, no Domain, Path=/ — the browser refuses it otherwise.
  return secure ? '__Host-cbp-session' : 'cbp-session';
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function sessions(options: SessionOptions): RequestHandler {
  const { store, secure } = options;
  const clock = options.clock ?? (() => new Date());
  const idle = options.idleTimeoutMs ?? 30 * 60 * 1000;
  const absolute = options.absoluteTimeoutMs ?? 10 * 3600 * 1000;
  const touchEvery = options.touchEveryMs ?? 60 * 1000;
  const name = cookieName(secure);

  const setCookie = (res: Response, id: string | null) => {
    const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax', ...(secure ? ['Secure'] : [])];
    // No Max-Age: a browser session cookie; the server-side timeouts decide when it stops working.
    res.append('Set-Cookie', id === null ? `${name}=; ${attributes.join('; ')}; Max-Age=0` : `${name}=${id}; ${attributes.join('; ')}`);
  };

  return async (req, res, next) => {
    const now = clock().getTime();
    const cookie = readCookie(req, name);
    let key = cookie && /^[A-Za-z0-9_-]{43}$/.test(cookie) ? sha256(cookie) : null;
    let stored = key ? await store.get(key) : null;
    let endedBecause: SessionData['endedBecause'];
    if (stored && key) {
      const expired = now - stored.createdAt > absolute ? 'absolute' : now - stored.lastSeenAt > idle ? 'idle' : null;
      if (expired) {
        await store.destroy(key);
        // Only a signed-in session's end is worth telling the user about.
        if (stored.data.userId) endedBecause = expired;
        stored = null;
      }
    }
    if (!stored) key = null;

    let data: SessionData = stored ? stored.data : endedBecause ? { endedBecause } : {};
    let createdAt = stored ? stored.createdAt : now;
    let dirty = !stored && endedBecause !== undefined;
    let destroyed = false;
    const oldKeys: string[] = [];

    const ensureId = (): string => {
      if (key) return key;
      const id = newId();
      key = sha256(id);
      setCookie(res, id);
      return key;
    };

    const persist = async () => {
      for (const k of oldKeys.splice(0)) await store.destroy(k);
      if (destroyed || !dirty) return;
      await store.set(ensureId(), { data, createdAt, lastSeenAt: now });
      dirty = false;
    };

    req.session = {
      get data() {
        return data;
      },
      changed() {
        dirty = true;
        destroyed = false;
        if (!key) ensureId();
      },
      regenerate(keep: SessionData = {}) {
        if (key) oldKeys.push(key);
        key = null;
        data = { ...keep };
        createdAt = now;
        destroyed = false;
        dirty = true;
        ensureId();
      },
      destroy() {
        if (key) oldKeys.push(key);
        key = null;
        data = {};
        destroyed = true;
        dirty = false;
        setCookie(res, null);
      },
      save: persist,
    };

    if (stored && key && now - stored.lastSeenAt >= touchEvery) await store.touch(key, now);

    // Write the session before the response goes out, so the next request (a redirect) sees it.
    // The wrapper passes whatever it was called with to the original `end` (any of its overloads), untouched.
    const end = res.end;
    res.end = (...args: unknown[]) => {
      persist().then(
        () => Reflect.apply(end, res, args),
        (err: unknown) => {
          res.statusCode = 500;
          Reflect.apply(end, res, []);
          req.app?.emit?.('error', err);
        },
      );
      return res;
    };
    next();
  };
}
