// The compliance report for reviewers: the per-rule table with links to the placements behind each
// count, and three charts (on-time rate per rule, per placing authority, per month) each with the same
// figures as a table.
import { activeRulebook } from '../../../machines/rulebook';
import type { ComplianceBreakdown, ComplianceReportJson, Counts, DrillDownJson, OrganisationJson, ReportQuery } from '../backend';
import { barChartSvg, monthChartSvg } from '../charts';
import { ukDate, ukDateTime, ukMonth } from '../format';
import { orgName, ruleTitle, type OrgNames } from './common';

const rate = (c: Counts) => (c.due === 0 ? null : c.metOnTime / c.due);
const pct = (v: number | null) => (v === null ? 'none due' : `${Math.round(v * 1000) / 10}%`);

export function reportQueryString(q: ReportQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q, ...extra })) if (typeof v === 'string' && v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The API's drill-down link, as the page's. */
const pageLink = (apiHref: string) => apiHref.replace(/^\/api\/reports\//, '/reports/');

export function presentReport(report: ComplianceReportJson, breakdown: ComplianceBreakdown, query: ReportQuery, names: OrgNames, orgs: OrganisationJson[]) {
  const rows = report.rules.map((r) => ({
    rule: r.rule,
    title: r.title,
    citation: r.citation,
    due: r.due,
    cells: (['metOnTime', 'late', 'missed', 'open'] as const).map((k) => ({
      count: r[k],
      href: r[k] > 0 ? pageLink(r.drillDown[k === 'metOnTime' ? 'met' : k]) : null,
      label: k === 'metOnTime' ? 'met on time' : k,
    })),
    rate: pct(r.rates.metOnTime),
  }));
  const withDue = report.rules.filter((r) => r.due > 0);
  const byRule = withDue.map((r) => ({ label: r.title, value: r.rates.metOnTime, note: `${r.metOnTime} of ${r.due}` }));
  const byAuthority = breakdown.byPlacingAuthority
    .filter((a) => a.totals.due > 0)
    .map((a) => ({ label: orgName(names, a.organisationId), value: rate(a.totals), note: `${a.totals.metOnTime} of ${a.totals.due}` }))
    .sort((a, b) => (a.value ?? 2) - (b.value ?? 2) || a.label.localeCompare(b.label));
  const byMonth = breakdown.byMonth.map((m) => ({
    label: ukMonth(m.month).replace(/^(\w{3})\w* /, '$1 '),
    month: ukMonth(m.month),
    value: rate(m.totals),
    count: m.totals.due,
    metOnTime: m.totals.metOnTime,
  }));

  const period =
    report.period.from || report.period.to
      ? `Deadlines due ${report.period.from ? `from ${ukDate(report.period.from)}` : ''}${report.period.from && report.period.to ? ' ' : ''}${report.period.to ? `up to ${ukDate(report.period.to)}` : ''}`
      : 'All deadlines';
  const total = rate(report.totals);

  return {
    generated: ukDateTime(report.generatedAt),
    period,
    totals: { ...report.totals, rate: pct(total) },
    rows,
    charts: {
      byRule: {
        svg: barChartSvg(byRule, {
          id: 'chart-rule',
          title: 'On-time rate per rule',
          description: byRule.length ? byRule.map((d) => `${d.label}: ${pct(d.value)} (${d.note})`).join('. ') : 'No deadlines fell due in this period.',
        }),
        rows: byRule.map((d) => ({ label: d.label, rate: pct(d.value), note: d.note })),
      },
      byAuthority: {
        svg: barChartSvg(byAuthority, {
          id: 'chart-authority',
          title: 'On-time rate per placing authority, lowest first',
          description: byAuthority.length
            ? byAuthority.map((d) => `${d.label}: ${pct(d.value)} (${d.note})`).join('. ')
            : 'No deadlines fell due in this period.',
        }),
        rows: byAuthority.map((d) => ({ label: d.label, rate: pct(d.value), note: d.note })),
      },
      byMonth: {
        svg: monthChartSvg(byMonth, {
          id: 'chart-month',
          title: 'On-time rate per month, with the number of deadlines due',
          description: byMonth.length
            ? byMonth.map((d) => `${d.month}: ${pct(d.value)} of ${d.count} due`).join('. ')
            : 'No deadlines fell due in this period.',
        }),
        rows: byMonth.map((d) => ({ label: d.month, rate: pct(d.value), note: `${d.metOnTime} of ${d.count}` })),
      },
    },
    csvHref: `/reports/compliance.csv${reportQueryString(query)}`,
    filters: reportFilters(query, orgs),
  };
}

export function reportFilters(query: ReportQuery, orgs: OrganisationJson[]) {
  const opts = (kind: string, selected?: string) => [
    { value: '', text: 'Any' },
    ...orgs.filter((o) => o.kind === kind).map((o) => ({ value: o.id, text: o.name, selected: o.id === selected })),
  ];
  return {
    from: query.from ?? '',
    to: query.to ?? '',
    placingAuthorities: opts('placing-authority', query.placingAuthorityId),
    hostAuthorities: opts('host-authority', query.hostAuthorityId),
    settings: [
      { value: '', text: 'Any' },
      { value: 'residential', text: 'Residential care', selected: query.setting === 'residential' },
      { value: 'foster', text: 'Foster care', selected: query.setting === 'foster' },
    ],
    legalBases: [
      { value: '', text: 'Any' },
      ...activeRulebook.legalBases.map((b) => ({ value: b.type, text: b.label, selected: b.type === query.legalBasis })),
    ],
  };
}

const OUTCOME_WORDS: Record<string, string> = { met: 'met on time', late: 'done late', missed: 'missed', open: 'still open' };

export function presentDrillDown(d: DrillDownJson, query: ReportQuery) {
  const pages = Math.max(1, Math.ceil(d.total / d.limit));
  const current = Math.floor(d.offset / d.limit) + 1;
  const href = (n: number) => `/reports/compliance/placements${reportQueryString(query, { rule: d.rule, outcome: d.outcome, page: String(n) })}`;
  return {
    title: `${ruleTitle(activeRulebook, d.rule)}: ${OUTCOME_WORDS[d.outcome] ?? d.outcome}`,
    total: d.total,
    rows: d.items.map((i) => ({
      href: `/placements/${i.placementId}`,
      reference: i.reference,
      due: ukDateTime(i.dueAt),
      done: i.metAt ? ukDateTime(i.metAt) : 'Not done',
    })),
    pagination:
      pages <= 1
        ? null
        : {
            ...(current > 1 ? { previous: { href: href(current - 1) } } : {}),
            ...(current < pages ? { next: { href: href(current + 1) } } : {}),
            items: [...new Set([1, current - 1, current, current + 1, pages])]
              .filter((n) => n >= 1 && n <= pages)
              .sort((a, b) => a - b)
              .map((n) => ({ number: n, href: href(n), current: n === current })),
          },
    backHref: `/reports/compliance${reportQueryString(query)}`,
  };
}
