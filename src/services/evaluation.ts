// The statistical return for the evaluation of SSI 2026/31 (issue 14): anonymised counts for a period, for the
// Scottish Ministers and the Care Inspectorate, computed on request from the stored placements, with small cells
// withheld. Every export (JSON or CSV, API or page) is an entry in the audit chain naming who exported which
// period and the SHA-256 of the bytes released, since it is an official return.
import { createHash } from 'node:crypto';
import { addCalendarDays, localDate } from '../../machines/calendar';
import { activeRulebook, getRulebook, parameter } from '../../machines/rulebook';
import { forbidden, invalid, type FieldError } from '../errors';
import { boundMs, isPeriodBound } from '../reports/deadline-scan';
import { buildEvaluationReturn, type EvaluationReturn } from '../reports/evaluation/build';
import { evaluationCsv } from '../reports/evaluation/csv';
import { recognitionRules, renotificationRules } from '../reports/evaluation/definitions';
import { evaluationDictionary, type EvaluationDictionary } from '../reports/evaluation/dictionary';
import { factsOf, FIRST_NOTICE_RULE, type PlacementFacts } from '../reports/evaluation/facts';
import { Organisation, Placement } from '../store/entities';
import type { Orm } from '../store/orm';
import type { Writer } from '../store/writer';
import type { Role } from '../vocabulary';
import { actorOf, type AuthUser, type Clock } from './actor';
import type { PlacementsService } from './placements';

/** Who receives the return: it is anonymised but still about children, so only the bodies the issue names. */
export const EVALUATION_ROLES: readonly Role[] = ['ministers', 'inspector'];

export const EVALUATION_EXPORTED = 'EVALUATION_RETURN_EXPORTED';

export type EvaluationFormat = 'json' | 'csv';

export interface EvaluationPeriodInput {
  from: string;
  to: string;
}

const PAGE = 500;

/** The period must have ended by the end of today (London): `to`, exclusive, is at latest tomorrow. */
export function periodEndError(to: string, now: Date): FieldError | null {
  const latest = addCalendarDays(localDate(now.toISOString()), 1);
  return to > latest ? { path: 'to', message: `must be no later than ${latest}: the period must have ended by the end of today` } : null;
}

export class EvaluationService {
  constructor(
    private readonly orm: Orm,
    private readonly writer: Pick<Writer, 'run'>,
    private readonly clock: Clock,
    private readonly placements: Pick<PlacementsService, 'current'>,
  ) {}

  private threshold(): number {
    return parameter<number>(activeRulebook, 'P.small-cell-threshold');
  }

  dictionary(): EvaluationDictionary {
    return evaluationDictionary(this.threshold());
  }

  /** The return for the period, for a caller of a role that receives it. Not an export: nothing is recorded. */
  async build(user: Pick<AuthUser, 'role'>, input: EvaluationPeriodInput): Promise<EvaluationReturn> {
    if (!EVALUATION_ROLES.includes(user.role)) throw forbidden('The evaluation return is for the Scottish Ministers and the Care Inspectorate.');
    // The API and the pages parse the period first (src/http/schemas/evaluation.ts); this guards any other caller.
    const bad = (['from', 'to'] as const).filter((k) => !/^\d{4}-\d{2}-\d{2}$/.test(input[k]) || !isPeriodBound(input[k]));
    if (bad.length)
      throw invalid(
        'The period must be two dates YYYY-MM-DD.',
        bad.map((path) => ({ path, message: 'must be a date YYYY-MM-DD' })),
      );
    if (boundMs(input.to) <= boundMs(input.from)) throw invalid('The period ends before it starts.', [{ path: 'to', message: 'must be after from' }]);
    const now = this.clock();
    const late = periodEndError(input.to, now);
    if (late) throw invalid('The period has not ended yet.', [late]);
    const period = { fromMs: boundMs(input.from), toMs: boundMs(input.to), nowMs: now.getTime() };
    const rules = new Set([FIRST_NOTICE_RULE, ...renotificationRules(), ...recognitionRules()]);
    const facts: PlacementFacts[] = [];
    const em = this.orm.em.fork();
    for (let offset = 0; ; offset += PAGE) {
      const rows = await em.find(Placement, {}, { fields: ['id', 'version', 'snapshot'], orderBy: { id: 'asc' }, limit: PAGE, offset });
      for (const r of rows) {
        const p = this.placements.current(r);
        facts.push(factsOf(getRulebook(p.rulebookId), p.context, period, rules));
      }
      em.clear();
      if (rows.length < PAGE) break;
    }
    const orgs = await em.find(Organisation, { kind: { $in: ['placing-authority', 'host-authority'] } }, { fields: ['id', 'name', 'kind'] });
    return buildEvaluationReturn({
      facts,
      organisations: { names: new Map(orgs.map((o) => [o.id, o.name])), hostCouncils: orgs.filter((o) => o.kind === 'host-authority').map((o) => o.id) },
      threshold: this.threshold(),
      period: { from: input.from, to: input.to, lastDay: addCalendarDays(input.to, -1) },
      generatedAt: now.toISOString(),
      rulebook: activeRulebook.id,
    });
  }

  /** The return as the bytes released (JSON as the API sends it, or CSV), recorded in the audit chain. */
  async export(user: AuthUser, input: EvaluationPeriodInput, format: EvaluationFormat, via: string) {
    const report = await this.build(user, input);
    const body = format === 'csv' ? evaluationCsv(report) : JSON.stringify(report);
    const sha256 = createHash('sha256').update(body).digest('hex');
    const actor = actorOf(user);
    const now = this.clock();
    await this.writer.run(async (tx) =>
      tx.audit({
        placementId: null,
        type: EVALUATION_EXPORTED,
        at: now,
        recordedAt: now,
        actorUserId: actor.userId,
        actorRole: actor.role,
        actorOrganisationId: actor.organisationId,
        payload: {
          from: input.from,
          to: input.to,
          format,
          via,
          generatedAt: report.generatedAt,
          threshold: report.suppression.threshold,
          withheld: report.suppression.withheld,
          sha256,
        },
      }),
    );
    return { report, body, sha256 };
  }
}
