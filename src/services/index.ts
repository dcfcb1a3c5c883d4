// The composition root: every service built once, over one ORM, one clock and one writer. Routes, pages,
// the CLI and the schedulers all receive this object; nothing else opens the database.
import type { Rulebook } from '../../machines/rulebook';
import type { Config } from '../config';
import { OutboxDispatcher } from '../outbox/dispatcher';
import type { MailTransport } from '../outbox/transport';
import { isDatabaseReachable, type Orm } from '../store/orm';
import { reportReads } from '../store/report-reads';
import { Writer } from '../store/writer';
import { AccessService } from './access';
import type { Clock } from './actor';
import { AuditService } from './audit';
import { DeadlinesService } from './deadlines';
import { DocumentsService } from './documents';
import { ImportsService } from './imports';
import { EvaluationService } from './evaluation';
import { OperationsService } from './operations';
import { OrganisationsService } from './organisations';
import { OutboxService } from './outbox';
import { PlacementsService } from './placements';
import { RecordsService } from './records';
import { RelationshipsService } from './relationships';
import { ReportsService } from './reports';
import { RulebooksService } from './rulebooks';
import { NotifyDraftsService, RateLimits, SessionsService } from './sessions';
import { SignInService } from './sign-in';
import { UsersService } from './users';

export interface ServiceDeps {
  orm: Orm;
  config: Config;
  /** The app's notion of now; tests pass a fixed or stepped clock, and nothing reads the wall clock besides. */
  clock?: Clock;
  /** Where queued mail goes. Without it mail stays queued in the outbox (a test may send it later). */
  mail?: { transport: MailTransport; log?: (line: string) => void };
  /** The rulebook new placements start under; default the active one (tests start placements under older versions). */
  rulebook?: Rulebook;
}

export function createServices({ orm, config, clock = () => new Date(), mail, rulebook }: ServiceDeps) {
  // Every commit may have queued mail: it wakes the dispatcher, in tests as in production.
  const wake: { dispatcher?: OutboxDispatcher } = {};
  const afterCommit = () => wake.dispatcher?.kick();
  const writer = new Writer(orm, { onCommit: afterCommit });
  const access = new AccessService(orm, writer, clock);
  const placements = new PlacementsService({ orm, writer, clock, access, rulebook, publicUrl: config.web.publicUrl });
  const dispatcher = mail
    ? new OutboxDispatcher(orm, placements, mail.transport, { clock, from: config.mail.from, log: mail.log, sendLeaseMs: config.mail.sendLeaseMs })
    : undefined;
  wake.dispatcher = dispatcher;
  const deadlines = new DeadlinesService(orm, clock, placements, afterCommit, config.sweepLeaseMs);
  const reads = reportReads(orm);
  const reports = new ReportsService(orm, reads, clock, access, placements);
  const relationships = new RelationshipsService(orm, writer, clock, access, placements);
  return {
    config,
    clock,
    access,
    placements,
    deadlines,
    audit: new AuditService(orm, access, clock, relationships),
    documents: new DocumentsService(orm, access, config.web.publicUrl),
    reports,
    records: new RecordsService(orm, writer, clock, access, reports, relationships),
    /** The anonymised statistical return for the evaluation of SSI 2026/31, and its data dictionary. */
    evaluation: new EvaluationService(orm, writer, clock, placements),
    /** The child's voice and relationships: scoped reads, records, the inspector's review, the counts. */
    relationships,
    /** Placements begun before SSI 2026/31, imported with their history. */
    imports: new ImportsService(orm, writer, clock),
    users: new UsersService(orm, writer, clock, config, afterCommit),
    organisations: new OrganisationsService(orm, writer, clock),
    rulebooks: new RulebooksService(orm, writer, clock),
    /** The pages' server-side sessions, saved notification answers, sign-in and shared rate limits. */
    sessions: new SessionsService(orm, clock),
    drafts: new NotifyDraftsService(orm, clock),
    signIn: new SignInService(orm, clock, afterCommit),
    rateLimits: new RateLimits(orm, clock),
    outbox: new OutboxService(orm, writer, clock, afterCommit),
    /** The outbox dispatcher, when a mail transport was given; `serve` starts its timer. */
    dispatcher,
    /** Whether the database answers. */
    healthy: () => isDatabaseReachable(orm),
    /** Readiness for the load balancer (GET /api/ready) and the outbox gauges of GET /metrics. */
    operations: new OperationsService(orm, dispatcher, clock),
    /** Waits for writes in flight and any mail pass, then closes the database. */
    async close(): Promise<void> {
      await dispatcher?.stop();
      await writer.close();
      await reads.close();
      await orm.close();
    },
  };
}

export type Services = ReturnType<typeof createServices>;
