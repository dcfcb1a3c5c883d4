// In-memory implementations of the sign-in ports, for tests, the demo app and a single instance.
import type { RateLimiter, SignInChallenge, SignInCodeStore, SignInMailer, SignInMessage, UserDirectory, WebUser } from './ports';

export class MemoryUserDirectory implements UserDirectory {
  constructor(private readonly users: WebUser[]) {}

  async findByEmail(email: string) {
    const e = email.trim().toLowerCase();
    return this.users.find((u) => u.email.toLowerCase() === e) ?? null;
  }

  async findById(id: string) {
    return this.users.find((u) => u.id === id) ?? null;
  }

  all(): WebUser[] {
    return [...this.users];
  }

  add(user: WebUser) {
    this.users.push(user);
  }
}

export class MemorySignInCodeStore implements SignInCodeStore {
  private readonly challenges = new Map<string, SignInChallenge>();

  async issue(c: SignInChallenge) {
    for (const other of this.challenges.values()) if (other.userId === c.userId && other.usedAt === null) other.usedAt = c.createdAt;
    this.challenges.set(c.id, { ...c });
  }

  async get(id: string) {
    const c = this.challenges.get(id);
    return c ? { ...c } : null;
  }

  async findByTokenHash(tokenHash: string) {
    for (const c of this.challenges.values()) if (c.tokenHash === tokenHash) return { ...c };
    return null;
  }

  async recordFailure(id: string) {
    const c = this.challenges.get(id);
    if (!c) return Infinity;
    return ++c.failures;
  }

  async consume(id: string, at: Date) {
    const c = this.challenges.get(id);
    if (!c || c.usedAt !== null) return false;
    c.usedAt = at;
    return true;
  }
}

/** Keeps every message; tests read the latest one for an address. */
export class FakeSignInMailer implements SignInMailer {
  readonly sent: { to: string; message: SignInMessage }[] = [];
  private waiters: ((m: { to: string; message: SignInMessage }) => void)[] = [];

  async send(to: string, message: SignInMessage) {
    const m = { to, message };
    this.sent.push(m);
    for (const w of this.waiters.splice(0)) w(m);
  }

  latest(to: string): SignInMessage | undefined {
    return [...this.sent].reverse().find((m) => m.to.toLowerCase() === to.toLowerCase())?.message;
  }

  /** Resolves with the next message sent (mail is sent after the response, not before). */
  next(): Promise<{ to: string; message: SignInMessage }> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

/** Fixed windows per key, on an injected clock. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  async hit(key: string) {
    const now = this.clock();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 10_000) for (const [k, v] of this.windows) if (now - v.start >= this.windowMs) this.windows.delete(k);
      this.windows.set(key, (w = { start: now, count: 0 }));
    }
    w.count++;
    return w.count <= this.limit;
  }
}
