// API tokens: 256 random bits, shown once, stored only as a hash.
import { createHash, randomBytes } from 'node:crypto';

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
