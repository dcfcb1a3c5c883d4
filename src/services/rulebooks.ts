// The rulebook versions a placement may run under, the one new placements start with, what changed
// between two versions, and moving running placements from one version to another: a dry run first
// (what would change for each), then an explicit confirmation, each move an audit event. A move that
// would make a placement unrecognised needs a confirmation of its own, naming that placement.
import { describePlan, planRulebookMigration, viewOf, type PersistedPlacement, type RulebookMigrationPlan, type StoredEvent } from '../../machines/placement';
import { activeRulebook, diffRulebooks, getRulebook, rulebookVersions, type Rulebook, type RulebookDiff } from '../../machines/rulebook';
import { invalid, notFound } from '../errors';
import { readPlacementAudit } from '../store/audit-chain';
import type { Orm } from '../store/orm';
import { deadlineRowId, listPlacements, readPlacement, writeTransition, type PlacementRecord } from '../store/placement-store';
import { withSql } from '../store/sql';
import type { Writer } from '../store/writer';
import type { Actor, Clock } from './actor';
import { summarise } from './placement-view';

export interface MigrationSelection {
  /** The version to move from (placements under any other version are not touched). */
  from: string;
  to: string;
  /** Only these placements (else every placement under `from` that the filters select). */
  placementIds?: string[];
  placingAuthorityId?: string;
  hostAuthorityId?: string;
  state?: string;
}

export interface MigrationOutcome {
  placementId: string;
  /** `planned` (dry run), `migrated`, or why it was left alone. */
  result: 'planned' | 'migrated' | 'cannot-migrate' | 'needs-unrecognised-confirmation' | 'changed-meanwhile';
  plan: Omit<RulebookMigrationPlan, 'placement'>;
  /** The dry run in words, for the person confirming. */
  summary: string[];
}

export interface MigrationReport {
  from: string;
  to: string;
  dryRun: boolean;
  at: string;
  placements: MigrationOutcome[];
  /** Placements the move would make unrecognised: each needs its own confirmation. */
  wouldBecomeUnrecognised: string[];
}

const MAX_SELECTION = 1000;

export class RulebooksService {
  constructor(
    private readonly orm: Orm,
    private readonly writer: Pick<Writer, 'run'>,
    private readonly clock: Clock,
  ) {}

  active(): Rulebook {
    return activeRulebook;
  }

  versions(): { id: string; version: number; title: string; inForceFrom: string; active: boolean; placements: number }[] {
    return rulebookVersions().map((b) => ({
      id: b.id,
      version: b.version,
      title: b.title,
      inForceFrom: b.inForceFrom,
      active: b.id === activeRulebook.id,
      placements: 0,
    }));
  }

  /** The versions with how many placements run under each. */
  async versionsInUse() {
    const counts = await withSql(this.orm, (sql) =>
      sql.all<{ rulebook_version: string; n: number }>('select rulebook_version, count(*) as n from placement group by rulebook_version'),
    );
    const byId = new Map(counts.map((c) => [c.rulebook_version, Number(c.n)]));
    return this.versions().map((v) => ({ ...v, placements: byId.get(v.id) ?? 0 }));
  }

  get(id: string): Rulebook {
    try {
      return getRulebook(id);
    } catch {
      throw notFound(`No rulebook ${id}.`);
    }
  }

  diff(from: string, to: string): RulebookDiff {
    return diffRulebooks(this.get(from), this.get(to));
  }

  /**
   * Plans (dryRun) or applies the move of the selected placements. Applying writes only placements whose
   * plan is sound, and a placement the move would make unrecognised only when its id is in
   * `confirmUnrecognised`. Nothing is written on a dry run.
   */
  async migrate(actor: Actor, selection: MigrationSelection, options: { dryRun: boolean; confirmUnrecognised?: string[] }): Promise<MigrationReport> {
    const from = this.get(selection.from);
    const to = this.get(selection.to);
    if (from.id === to.id) throw invalid('Choose two different versions.', [{ path: 'to', message: `is the same as from (${from.id})` }]);
    const now = this.clock();
    const records = await this.select(selection);
    const confirmed = new Set(options.confirmUnrecognised ?? []);
    const report: MigrationReport = { from: from.id, to: to.id, dryRun: options.dryRun, at: now.toISOString(), placements: [], wouldBecomeUnrecognised: [] };
    for (const record of records) {
      const plan = planRulebookMigration({ placement: record.snapshot, events: await this.storedEvents(record.id), to, now: now.toISOString() });
      const { placement: rebuilt, ...shown } = plan;
      if (plan.becomesUnrecognised) report.wouldBecomeUnrecognised.push(record.id);
      const outcome = (result: MigrationOutcome['result']): MigrationOutcome => ({ placementId: record.id, result, plan: shown, summary: describePlan(plan) });
      if (!plan.ok || !rebuilt) report.placements.push(outcome('cannot-migrate'));
      else if (options.dryRun) report.placements.push(outcome('planned'));
      else if (plan.becomesUnrecognised && !confirmed.has(record.id)) report.placements.push(outcome('needs-unrecognised-confirmation'));
      else report.placements.push(outcome((await this.apply(actor, record, rebuilt, shown, now)) ? 'migrated' : 'changed-meanwhile'));
    }
    return report;
  }

  private async select(s: MigrationSelection): Promise<PlacementRecord[]> {
    if (s.placementIds?.length) {
      const found = await withSql(this.orm, async (sql) => Promise.all(s.placementIds!.map((id) => readPlacement(sql, id, null))));
      const missing = s.placementIds.filter((_, i) => !found[i]);
      if (missing.length)
        throw invalid(
          'Some placements do not exist.',
          missing.map((id) => ({ path: 'placementIds', message: `no placement ${id}` })),
        );
      return found.filter((r): r is PlacementRecord => !!r && r.snapshot.rulebookId === s.from);
    }
    const { items, total } = await withSql(this.orm, (sql) =>
      listPlacements(
        sql,
        { placingAuthorityId: s.placingAuthorityId, hostAuthorityId: s.hostAuthorityId, state: s.state },
        { limit: MAX_SELECTION, offset: 0 },
      ),
    );
    if (total > MAX_SELECTION) throw invalid(`The selection holds ${total} placements; narrow it to ${MAX_SELECTION} or fewer.`, []);
    return items.filter((r) => r.snapshot.rulebookId === s.from);
  }

  /** The placement's audit entries in order, as the planner replays them. */
  private async storedEvents(placementId: string): Promise<StoredEvent[]> {
    const rows = await readPlacementAudit(this.orm.em.fork(), placementId);
    return rows.map(({ entry, payload }) => ({ type: entry.type, at: entry.at.toISOString(), payload }));
  }

  /** Writes the rebuilt placement in one transaction with its audit entry; false if it changed since it was read. */
  private async apply(
    actor: Actor,
    record: PlacementRecord,
    rebuilt: PersistedPlacement,
    plan: Omit<RulebookMigrationPlan, 'placement'>,
    now: Date,
  ): Promise<boolean> {
    const view = viewOf(rebuilt);
    try {
      await this.writer.run(async (tx) => {
        await writeTransition(tx, {
          id: record.id,
          expectedVersion: record.version,
          snapshot: rebuilt,
          summary: summarise(rebuilt, view),
          at: now,
          deadlines: { opened: rebuilt.context.deadlines, changed: [] },
          access: null,
          documents: [],
        });
        // Clocks the new version does not set go; the rest were rewritten above.
        const keep = rebuilt.context.deadlines.map((d) => deadlineRowId(record.id, d.id));
        await tx.sql.run(`delete from deadline where placement_id = ?${keep.length ? ` and id not in (${keep.map(() => '?').join(', ')})` : ''}`, [
          record.id,
          ...keep,
        ]);
        await tx.sql.run('update deadline set fired_at = null where placement_id = ? and status = ?', [record.id, 'open']);
        tx.audit({
          placementId: record.id,
          type: 'RULEBOOK_MIGRATED',
          at: now,
          recordedAt: now,
          actorUserId: actor.userId,
          actorRole: actor.role,
          actorOrganisationId: actor.organisationId,
          payload: {
            from: plan.from,
            to: plan.to,
            legalStatus: { before: plan.legalStatus.before.code, after: plan.legalStatus.after?.code ?? null },
            deadlines: {
              added: plan.deadlines.added.map((d) => d.id),
              removed: plan.deadlines.removed.map((d) => d.id),
              changed: plan.deadlines.changed.map((c) => ({ id: c.after.id, fields: c.fields })),
            },
            noticeReissue: plan.notices,
            notReplayed: plan.skipped.map((k) => ({ type: k.type, at: k.at, reason: k.reason })),
          },
        });
      });
      return true;
    } catch (e) {
      if (e instanceof Error && 'stale' in e && e.stale) return false;
      throw e;
    }
  }
}
