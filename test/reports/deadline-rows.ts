// The deadline rows the compliance report counts, read plainly (one query, no aggregate, nothing shared
// with the report's SQL), for the tests that check the report's figures against its definition applied
// row by row.
import type { Em } from '../../src/store/orm';
import { boundMs, type ReportFilters } from '../../src/reports/deadline-scan';
import { toMs } from '../../src/reports/outcome';

export interface DeadlineFact {
  /** Row id: `<placementId>:<machine deadline id>`. */
  id: string;
  placementId: string;
  rule: string;
  status: string;
  dueMs: number;
  metMs: number | null;
  rulebookId: string;
  placingAuthorityId: string;
}

/** Calls `onPage` with the non-cancelled rows matching `filters`, on the placement's current summary columns. */
export async function scanDeadlines(em: Em, filters: ReportFilters, onPage: (rows: DeadlineFact[]) => void): Promise<number> {
  const bind = (bound: string) => em.getPlatform().processDateProperty(new Date(boundMs(bound)));
  const q = em
    .getKnex()
    .from('deadline as d')
    .join('placement as p', 'p.id', 'd.placement_id')
    .whereNot('d.status', 'cancelled')
    .select('d.id', 'd.placement_id', 'd.rule', 'd.status', 'd.due_at', 'd.met_at', 'p.rulebook_version', 'p.placing_authority_id');
  if (filters.from) q.where('d.due_at', '>=', bind(filters.from));
  if (filters.to) q.where('d.due_at', '<', bind(filters.to));
  if (filters.placingAuthorityId) q.where('p.placing_authority_id', filters.placingAuthorityId);
  if (filters.hostAuthorityId) q.where('p.host_authority_id', filters.hostAuthorityId);
  if (filters.setting) q.where('p.setting', filters.setting);
  if (filters.legalBasis) q.where('p.legal_basis_type', filters.legalBasis);
  const raw: Record<string, unknown>[] = await q;
  onPage(
    raw.map((r) => ({
      id: String(r.id),
      placementId: String(r.placement_id),
      rule: String(r.rule),
      status: String(r.status),
      dueMs: Number(toMs(r.due_at)),
      metMs: toMs(r.met_at),
      rulebookId: String(r.rulebook_version),
      placingAuthorityId: String(r.placing_authority_id),
    })),
  );
  return raw.length;
}
