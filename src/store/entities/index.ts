import { ApiToken } from './api-token';
import { AuditEvent } from './audit-event';
import { AuditPersonal } from './audit-personal';
import { Deadline } from './deadline';
import { Document } from './document';
import { Organisation } from './organisation';
import { OutboxMessage } from './outbox-message';
import { Placement } from './placement';
import { PlacementAccess } from './placement-access';
import { PlacementImport } from './placement-import';
import { IdentityRead } from './identity-read';
import { SigningKey } from './signing-key';
import { User } from './user';
import { NotifyDraft, RateLimitCounter, SignInChallengeRow, WebSession } from './web-session';

export { ApiToken, AuditEvent, Deadline, Document, Organisation, OutboxMessage, Placement, PlacementAccess, IdentityRead, SigningKey, User };
export { AuditPersonal, NotifyDraft, PlacementImport, RateLimitCounter, SignInChallengeRow, WebSession };

/** Every entity the ORM knows. Each change needs a migration (`npm run cli -- migrations create`); test/store.test.ts checks. */
export const entities = [
  Organisation,
  User,
  ApiToken,
  Placement,
  AuditEvent,
  Deadline,
  OutboxMessage,
  PlacementAccess,
  Document,
  SigningKey,
  IdentityRead,
  WebSession,
  SignInChallengeRow,
  NotifyDraft,
  RateLimitCounter,
  AuditPersonal,
  PlacementImport,
];
