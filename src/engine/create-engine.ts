// The engine as the application runs it: every transition also renders and queues its documents and
// escalates any breach.
import { issueNoticeDocuments } from '../documents/notice-issuer';
import { escalateBreaches } from '../notifications/escalation';
import type { Orm } from '../store/orm';
import { PlacementService } from './placement-service';

export function createEngine(orm: Orm, options: { clock: () => Date; afterCommit?: () => void }): PlacementService {
  return new PlacementService(orm, { clock: options.clock, afterCommit: options.afterCommit, effects: [issueNoticeDocuments, escalateBreaches] });
}
