// The evaluation return's period, for the API route and the page alike: two dates read in London, `to`
// exclusive and after `from`. That the period has ended (`to` at latest tomorrow) needs the clock, so the
// service checks it (periodEndError).
import { z } from 'zod';
import { COUNTABLE_DATES, isCountable } from '../../../machines/calendar';
import { boundMs, isPeriodBound } from '../../reports/deadline-scan';

const day = (what: string) =>
  z
    .string()
    .superRefine((d, ctx) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) ctx.addIssue({ code: 'custom', message: 'must be a date YYYY-MM-DD' });
      else if (!isPeriodBound(d)) ctx.addIssue({ code: 'custom', message: 'must be a real date' });
      else if (!isCountable(d)) ctx.addIssue({ code: 'custom', message: `must be a date from ${COUNTABLE_DATES.first} to ${COUNTABLE_DATES.last}` });
    })
    .describe(what);

export const evaluationPeriodFields = {
  from: day('The first day of the period (read in London).'),
  to: day('The day after the last day of the period (exclusive): April to June 2026 is from=2026-04-01&to=2026-07-01. At latest tomorrow.'),
};

export const periodAfterStart = (q: { from: string; to: string }, ctx: z.RefinementCtx) => {
  if (isPeriodBound(q.from) && isPeriodBound(q.to) && boundMs(q.to) <= boundMs(q.from))
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
};

export const EvaluationPeriodSchema = z.strictObject(evaluationPeriodFields).superRefine(periodAfterStart);

export const EvaluationQuery = z
  .strictObject({
    ...evaluationPeriodFields,
    format: z.enum(['json', 'csv']).optional().describe('`csv`: one CSV file in long format. Without it, `Accept: text/csv` asks for CSV too.'),
  })
  .superRefine(periodAfterStart);
