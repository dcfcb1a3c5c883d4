// Home-nation visit and review clocks (C8): each placing nation's own law sets the interval. Shared by
// rulebook versions from @2 on (@1 keeps its own copy, unchanged since release).
import { perNation, type NationalClockRule, type PlacingNation, type Provenance, type RuleExample, type Span } from './types';

/** Where each home nation sets its visit and review intervals (C8); all to be confirmed per nation. */
export const HOME_NATION_LAW: Record<PlacingNation, Record<'visit' | 'review', string>> = {
  england: {
    visit: 'Care Planning, Placement and Case Review (England) Regulations 2010, reg 28',
    review: 'Care Planning, Placement and Case Review (England) Regulations 2010, reg 33',
  },
  wales: {
    visit: 'Care Planning, Placement and Case Review (Wales) Regulations 2015 (visits)',
    review: 'Care Planning, Placement and Case Review (Wales) Regulations 2015 (reviews)',
  },
  'northern-ireland': {
    visit: 'Arrangements for Placement of Children (General) Regulations (Northern Ireland) 1996',
    review: "Review of Children's Cases Regulations (Northern Ireland) 1996",
  },
};

/** A C8 clock: the placing authority's duty, a breach if missed, one span per home nation. */
export function homeNationClock(
  id: string,
  metBy: 'visit' | 'review',
  text: { title: string; statement: string; note?: string },
  spans: Record<PlacingNation, Span>,
  notes: Partial<Record<PlacingNation, string>> = {},
  examples: RuleExample[] = [],
): NationalClockRule {
  const byNation = perNation((nation) => {
    const provenance: Provenance = { citation: HOME_NATION_LAW[nation][metBy], confidence: 'infer', ...(notes[nation] ? { note: notes[nation] } : {}) };
    return { span: spans[nation], ...provenance };
  });
  return {
    id,
    condition: 'C8',
    title: text.title,
    statement: text.statement,
    metBy,
    atRiskWhileOpen: false,
    missedEffect: 'non-compliant',
    duty: 'placing',
    citation: 'Home-nation law (per nation below)',
    confidence: 'infer',
    note: text.note ?? "The intervals are the placing nation's own law, which this rulebook does not quote; a legal officer of each nation must confirm them.",
    byNation,
    examples,
  };
}
