// What sign-in needs from the rest of the system. The lead implements these with the database (users,
// sign-in challenges) and the outbox (mail); the in-memory versions in memory.ts serve tests and demos.
import type { Role } from '../../vocabulary';

/** A person who may sign in to the pages. */
export interface WebUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  organisationId: string;
  /** For the header ("Sam Patel (Placing authority, Birmingham City Council)"). */
  organisationName: string;
}

export interface UserDirectory {
  /** Case-insensitive; null for an unknown or disabled user (the page never says which). */
  findByEmail(email: string): Promise<WebUser | null>;
  findById(id: string): Promise<WebUser | null>;
}

/** A sign-in challenge as stored: hashes only, never the code or the link token. */
export interface SignInChallenge {
  id: string;
  userId: string;
  /** HMAC-SHA256 (server secret) of `${id}:${code}`, hex. */
  codeHash: string;
  /** SHA-256 of the link token, hex (the token has 256 bits, so a plain hash is enough). */
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  /** Wrong codes entered so far. */
  failures: number;
  usedAt: Date | null;
}

export interface SignInCodeStore {
  /** Saves a new challenge. Any earlier unused challenge of the same user stops working. */
  issue(challenge: SignInChallenge): Promise<void>;
  get(id: string): Promise<SignInChallenge | null>;
  findByTokenHash(tokenHash: string): Promise<SignInChallenge | null>;
  /** Counts one wrong code; returns the failures so far. */
  recordFailure(id: string): Promise<number>;
  /** Marks the challenge used. True only for the first caller: single use even under a race. */
  consume(id: string, at: Date): Promise<boolean>;
}

export interface SignInMessage {
  name: string;
  /** Six digits, to type into the code page. */
  code: string;
  /** Absolute URL of the one-time link. */
  link: string;
  expiresAt: Date;
}

/** Sends the sign-in mail (the lead: through the outbox and SMTP). */
export interface SignInMailer {
  send(email: string, message: SignInMessage): Promise<void>;
}

/** Counts attempts per key in a window; false once the key is over its limit. */
export interface RateLimiter {
  hit(key: string): Promise<boolean>;
}
