// The evaluation return's pages, for the Scottish Ministers and the Care Inspectorate: a period form (first and
// last day, as people say a period; the API's `to` is the day after), the tables with [c] where withheld and a
// chart beside each, the CSV and JSON downloads (each an export recorded in the audit chain) and the data
// dictionary. No script needed.
import express, { type Request, type Response, type Router } from 'express';
import { addCalendarDays, localDate } from '../../../machines/calendar';
import type { EvaluationQuery, PageBackend, Problem } from '../backend';
import { currentUser, forbidden, notFound, one, PageError, requireUser, type Renderer } from '../context';
import { problemToFormErrors, type FormErrors } from '../forms/errors';
import { lastQuarter, presentDictionary, presentEvaluation } from '../presenters/evaluation';

export interface EvaluationRouteOptions {
  backend: PageBackend;
  clock: () => Date;
}

const LABELS = { from: 'The first day of the period', until: 'The last day of the period' };

function dateOf(prefix: string, q: Request['query']): { value?: string; given: boolean; bad: boolean } {
  const [d, m, y] = ['day', 'month', 'year'].map((k) => one(q[`${prefix}-${k}`]).trim());
  if (d || m || y) {
    const iso = `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    const ok = /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(Date.parse(iso)) && new Date(Date.parse(iso)).toISOString().slice(0, 10) === iso;
    return ok ? { value: iso, given: true, bad: false } : { given: true, bad: true };
  }
  const iso = one(q[prefix]);
  if (!iso) return { given: false, bad: false };
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? { value: iso, given: true, bad: false } : { given: true, bad: true };
}

function parts(date: string | undefined) {
  if (!date) return { day: '', month: '', year: '' };
  const [y, m, d] = date.split('-');
  return { day: String(Number(d)), month: String(Number(m)), year: y };
}

/** The period asked for, with the page's own checks (each error names its field), or nothing asked yet. */
function periodOf(req: Request, today: string): { from?: string; until?: string; errors: FormErrors } {
  const from = dateOf('from', req.query);
  const until = dateOf('until', req.query);
  const errors: FormErrors = { summary: [], byPath: {} };
  const fail = (path: 'from' | 'until', text: string) => {
    errors.summary.push({ text, href: `#${path}-day` });
    errors.byPath[path] ??= { text };
  };
  if (from.given || until.given) {
    if (!from.given) fail('from', 'Enter the first day of the period');
    else if (from.bad) fail('from', 'The first day of the period must be a real date');
    if (!until.given) fail('until', 'Enter the last day of the period');
    else if (until.bad) fail('until', 'The last day of the period must be a real date');
    else if (until.value && until.value > today) fail('until', 'The last day of the period must be today or in the past');
    if (from.value && until.value && until.value < from.value) fail('until', 'The last day of the period must be the same as or after the first day');
  }
  return { from: from.value, until: until.value, errors };
}

export function evaluationRoutes(render: Renderer, o: EvaluationRouteOptions): Router {
  const router = express.Router();
  const evaluators = requireUser('inspector', 'ministers');
  const today = () => localDate(o.clock().toISOString());
  const apiQuery = (p: { from?: string; until?: string }): EvaluationQuery => ({ from: p.from, to: p.until ? addCalendarDays(p.until, 1) : undefined });

  const problemPage = (p: Problem): never => {
    if (p.status === 404) throw notFound();
    if (p.status === 403) throw forbidden();
    throw new PageError(p.status, p.title, p.detail);
  };

  const page = (req: Request, res: Response, model: Record<string, unknown>, status = 200) =>
    render.page(req, res, 'reports/evaluation.njk', { pageTitle: 'Evaluation return', ...model }, status);

  router.get('/reports/evaluation', evaluators, async (req, res) => {
    const period = periodOf(req, today());
    const suggestion = lastQuarter(o.clock().toISOString());
    const form = {
      fromParts: parts(period.from ?? (period.until ? undefined : suggestion.from)),
      untilParts: parts(period.until ?? (period.from ? undefined : addCalendarDays(suggestion.to, -1))),
      errors: period.errors.byPath,
    };
    if (period.errors.summary.length) return page(req, res, { form, errorSummary: period.errors.summary, r: null }, 400);
    if (!period.from || !period.until) return page(req, res, { form, r: null });
    const result = await o.backend.evaluationReturn(currentUser(req), apiQuery(period));
    if (!result.ok) {
      if (result.problem.status !== 422 && result.problem.status !== 400) return problemPage(result.problem);
      const errors = problemToFormErrors(
        { ...result.problem, errors: result.problem.errors?.map((e) => ({ ...e, path: e.path === 'to' ? 'until' : e.path })) },
        { labels: LABELS, dateFields: ['from', 'until'] },
      );
      return page(req, res, { form: { ...form, errors: errors.byPath }, errorSummary: errors.summary, r: null }, 400);
    }
    page(req, res, { form, r: presentEvaluation(result.value, { from: period.from, until: period.until }) });
  });

  for (const format of ['csv', 'json'] as const)
    router.get(`/reports/evaluation.${format}`, evaluators, async (req, res) => {
      const period = periodOf(req, today());
      if (!period.from || !period.until || period.errors.summary.length)
        throw new PageError(400, 'Choose a period first', 'Choose the first and last day of the period on the evaluation return page, then download it.');
      const file = await o.backend.evaluationExport(currentUser(req), apiQuery(period), format);
      if (!file.ok) return problemPage(file.problem);
      const name = `evaluation-return-${period.from}-to-${period.until}.${format}`;
      res
        .set({
          'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
          'Content-Disposition': `attachment; filename="${name}"`,
          'Cache-Control': 'private, no-store',
        })
        .send(file.value);
    });

  router.get('/reports/evaluation/dictionary', evaluators, async (req, res) => {
    render.page(req, res, 'reports/evaluation-dictionary.njk', {
      pageTitle: 'Evaluation return: data dictionary',
      d: presentDictionary(await o.backend.evaluationDictionary()),
      backLink: '/reports/evaluation',
    });
  });

  router.get('/reports/evaluation/dictionary.json', evaluators, async (_req, res) => {
    res.set({ 'Content-Disposition': 'attachment; filename="evaluation-dictionary.json"' }).json(await o.backend.evaluationDictionary());
  });

  return router;
}
