import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Em } from '../store/orm';
import { ApiToken, Organisation, User } from '../store/entities';

/** Prefix so a leaked token is recognisable by secret scanners and by eye. */
export const TOKEN_PREFIX = 'cbp_';

/** 32 random bytes (256 bits), base64url, prefixed. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Tokens are high-entropy, so a plain SHA-256 (no salt, no slow KDF) is enough and allows an indexed lookup. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Stores the hash of `token` (a fresh random one by default) for the user; the caller flushes. */
export function addToken(em: Em, userId: string, token: string = generateToken()): string {
  em.create(ApiToken, { id: randomUUID(), userId, tokenHash: hashToken(token), createdAt: new Date() });
  return token;
}

/** Issues and stores a new token for an existing user. */
export async function issueToken(em: Em, userId: string): Promise<string> {
  const token = addToken(em, userId);
  await em.flush();
  return token;
}

export interface TokenOwner {
  user: User;
  organisation: Organisation;
  tokenId: string;
}

/** The user behind a live (unrevoked) token, or null. */
export async function findTokenOwner(em: Em, token: string): Promise<TokenOwner | null> {
  if (token.length > 512) return null; // not one of ours; do not hash arbitrary input
  const row = await em.findOne(ApiToken, { tokenHash: hashToken(token), revokedAt: null });
  if (!row) return null;
  const user = await em.findOne(User, { id: row.userId });
  if (!user) return null;
  const organisation = await em.findOneOrFail(Organisation, { id: user.organisationId });
  return { user, organisation, tokenId: row.id };
}

/** Revokes every live token of a user; returns how many were revoked. */
export async function revokeUserTokens(em: Em, userId: string, at: Date = new Date()): Promise<number> {
  return em.nativeUpdate(ApiToken, { userId, revokedAt: null }, { revokedAt: at });
}
