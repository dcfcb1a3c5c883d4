// Reviewers' views (regulations.md §5): one placement's timeline, and the compliance report across
// placements with the list behind each of its cells. All computed on read from the stored rows.
import { placementReference } from '../../machines/placement';
import { getRulebook } from '../../machines/rulebook';
import { complianceBreakdown } from '../reports/breakdown';
import { complianceReport } from '../reports/compliance';
import { complianceCsv } from '../reports/compliance-csv';
import type { ReportFilters } from '../reports/deadline-scan';
import { drillDown } from '../reports/drill-down';
import type { Outcome } from '../reports/outcome';
import { buildTimeline } from '../reports/timeline';
import { AuditEvent } from '../store/entities';
import type { Orm } from '../store/orm';
import type { ReportReads } from '../store/report-reads';
import type { AccessService } from './access';
import type { Actor, Clock } from './actor';
import type { PlacementsService } from './placements';

export class ReportsService {
  constructor(
    private readonly orm: Orm,
    /** Where the report's own queries read (report-reads.ts). */
    private readonly reads: ReportReads,
    private readonly clock: Clock,
    private readonly access: AccessService,
    private readonly placements: PlacementsService,
  ) {}

  /** Every milestone the rulebook sets for a placement, with its due and actual time. */
  async timeline(actor: Actor, placementId: string) {
    const { record } = await this.access.visible(actor, placementId);
    const current = this.placements.current(record);
    const audit = await this.orm.em.fork().find(AuditEvent, { placementId }, { orderBy: { seq: 'asc' }, fields: ['type', 'at', 'payload'] });
    const milestones = buildTimeline(
      getRulebook(current.rulebookId),
      current.context,
      audit.map((e) => ({ type: e.type, at: e.at.toISOString(), payload: e.payload })),
    );
    return { placementId, reference: placementReference(placementId), milestones };
  }

  compliance(filters: ReportFilters) {
    return complianceReport(this.reads, filters, this.clock());
  }

  /** The report's totals by placing authority and by month, for charts. */
  breakdown(filters: ReportFilters) {
    return complianceBreakdown(this.reads, filters, this.clock());
  }

  async complianceCsv(filters: ReportFilters): Promise<string> {
    return complianceCsv(await this.compliance(filters));
  }

  drillDown(filters: ReportFilters, rule: string, outcome: Outcome, page: { limit: number; offset: number }) {
    return drillDown(this.reads, filters, rule, outcome, this.clock(), page);
  }
}
