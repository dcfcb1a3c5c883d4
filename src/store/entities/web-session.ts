import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A signed-in browser's session, stored under the SHA-256 of its cookie (the cookie alone opens it). */
export const WebSession = defineEntity({
  name: 'WebSession',
  tableName: 'web_session',
  properties: {
    key: p.string().primary(),
    data: p.json<Record<string, unknown>>(),
    createdAt: p.datetime(),
    lastSeenAt: p.datetime().index(),
  },
});
export type WebSession = InferEntity<typeof WebSession>;

/** A one-time sign-in code and link: hashes only, single use, short-lived. */
export const SignInChallengeRow = defineEntity({
  name: 'SignInChallengeRow',
  tableName: 'sign_in_challenge',
  properties: {
    id: p.string().primary(),
    userId: p.string().index(),
    codeHash: p.string(),
    tokenHash: p.string().unique(),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    failures: p.integer().default(0),
    usedAt: p.datetime().nullable(),
  },
});
export type SignInChallengeRow = InferEntity<typeof SignInChallengeRow>;

/** The answers of a notification in progress, saved after each step of the form. */
export const NotifyDraft = defineEntity({
  name: 'NotifyDraft',
  tableName: 'notify_draft',
  properties: {
    userId: p.string().primary(),
    id: p.string().primary(),
    answers: p.json<Record<string, unknown>>(),
    updatedAt: p.datetime(),
  },
});
export type NotifyDraft = InferEntity<typeof NotifyDraft>;

/** A fixed-window counter (sign-in attempts per account, per client IP), shared by every instance. */
export const RateLimitCounter = defineEntity({
  name: 'RateLimitCounter',
  tableName: 'rate_limit',
  properties: {
    key: p.string().primary(),
    windowStart: p.datetime(),
    count: p.integer(),
  },
});
export type RateLimitCounter = InferEntity<typeof RateLimitCounter>;
