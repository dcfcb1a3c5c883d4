// Page routes over placement data: the work queue, notify a placement, the placement page with its
// actions, documents, reports and administration. Every read goes through the PageBackend as the
// signed-in user, so each role sees exactly what the API would show it.
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { activeRulebook } from '../../../machines/rulebook';
import type { NotifyDraftStore, OrganisationJson, PageBackend, Problem, QueueQuery, ReportQuery } from '../backend';
import { currentUser, forbidden, many, notFound, one, PageError, requireUser, type Renderer } from '../context';
import { ACTIONS, actionBySlug, VIEWS_PATHS, VIEWS_REQUIRED_WITH_ANY, WHEN_FIELD } from '../forms/actions';
import { fieldId, mergeErrors, NO_ERRORS, problemToFormErrors, type FormErrors } from '../forms/errors';
import { getPath, readFields, setPath, str, viewFields, type FieldDef } from '../forms/fields';
import { draftFromAnswers, NOTIFY_DATE_FIELDS, NOTIFY_STEPS, notifyLabels, stepBySlug, stepForPath } from '../forms/notify';
import { ukDate, ukDateTime } from '../format';
import { presentOrganisations, presentUsers, roleOptions } from '../presenters/admin';
import { bookOf, legalBasisLabel, orgName, type OrgNames } from '../presenters/common';
import { presentPlacement } from '../presenters/placement';
import { presentQueue, QUEUE_SORTS } from '../presenters/queue';
import { presentRelationshipCounts, presentRelationships, recordChoices } from '../presenters/relationships';
import type { WebUser } from '../sign-in/ports';
import { presentDrillDown, presentReport } from '../presenters/report';

export interface PageRouteOptions {
  backend: PageBackend;
  drafts: NotifyDraftStore;
  clock: () => Date;
  /** How long the organisation names are reused before asking again. */
  organisationsTtlMs?: number;
}

const PAGE_SIZE = 25;

export function pageRoutes(render: Renderer, o: PageRouteOptions): Router {
  const router = express.Router();
  const { backend } = o;
  const now = () => o.clock().toISOString();

  let orgCache: { at: number; orgs: OrganisationJson[]; names: OrgNames } | null = null;
  const organisations = async () => {
    const t = Date.now();
    if (!orgCache || t - orgCache.at > (o.organisationsTtlMs ?? 60_000)) {
      const orgs = await backend.organisations();
      orgCache = { at: t, orgs, names: new Map(orgs.map((x) => [x.id, x.name])) };
    }
    return orgCache;
  };

  const problemPage = (req: Request, res: Response, p: Problem) => {
    if (p.status === 404) throw notFound();
    if (p.status === 403) throw forbidden();
    throw new PageError(p.status, p.title, p.detail);
  };

  router.get('/', (req, res) => {
    if (!req.webUser) return res.redirect(303, '/sign-in');
    res.redirect(303, req.webUser.role === 'admin' ? '/admin/users' : '/queue');
  });

  // ---- work queue ----------------------------------------------------------------------------------
  router.get('/queue', requireUser('placing', 'host', 'inspector', 'ministers', 'advocacy', 'service-provider'), async (req, res) => {
    const user = currentUser(req);
    const sortParam = one(req.query.sort);
    const sort = QUEUE_SORTS.find((s) => s.key === sortParam)?.key ?? 'attention';
    const page = Math.max(1, Math.min(10_000, Number.parseInt(one(req.query.page), 10) || 1));
    const statuses = many(req.query.status).filter((s) =>
      ['pending', 'recognised', 'at-risk', 'unrecognised', 'ended', 'superseded', 'transferred'].includes(s),
    );
    const query: QueueQuery = {
      sort,
      direction: one(req.query.direction) === 'desc' ? 'desc' : 'asc',
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
      ...(statuses.length ? { legalStatus: statuses } : {}),
    };
    const [{ items, total }, { names }] = await Promise.all([backend.listPlacements(user, query), organisations()]);
    render.page(req, res, 'queue.njk', { pageTitle: 'Work queue', queue: presentQueue(items, total, query, names, now()), query });
  });

  // ---- notify a placement --------------------------------------------------------------------------
  const placingOnly = requireUser('placing');
  const loadDraft = async (req: Request) => {
    const answers = await o.drafts.get(currentUser(req).id, one(req.params.draftId));
    if (!answers) throw notFound();
    return answers;
  };
  const stepDone = (answers: Record<string, unknown>, slug: string) => answers[`_done_${slug}`] === true;

  router.get('/placements/new', placingOnly, async (req, res) => {
    const id = randomUUID();
    await o.drafts.save(currentUser(req).id, id, {});
    res.redirect(303, `/placements/new/${id}/${NOTIFY_STEPS[0].slug}`);
  });

  const renderStep = async (req: Request, res: Response, answers: Record<string, unknown>, errors: FormErrors, raw?: Record<string, unknown>, status = 200) => {
    const step = stepBySlug(one(req.params.step));
    if (!step) throw notFound();
    const { orgs } = await organisations();
    const index = NOTIFY_STEPS.indexOf(step);
    const back = index === 0 ? '/queue' : `/placements/new/${req.params.draftId}/${NOTIFY_STEPS[index - 1].slug}`;
    render.page(
      req,
      res,
      'notify/step.njk',
      {
        pageTitle: step.title,
        step,
        stepNumber: index + 1,
        stepCount: NOTIFY_STEPS.length,
        fields: viewFields(step.fields(orgs), answers, errors, raw),
        errorSummary: errors.summary,
        backLink: req.query.from === 'check' ? `/placements/new/${req.params.draftId}/check` : back,
        action: `/placements/new/${req.params.draftId}/${step.slug}${req.query.from === 'check' ? '?from=check' : ''}`,
      },
      status,
    );
  };

  router.get('/placements/new/:draftId/check', placingOnly, async (req, res) => {
    const answers = await loadDraft(req);
    await renderCheck(req, res, answers, NO_ERRORS);
  });

  const renderCheck = async (req: Request, res: Response, answers: Record<string, unknown>, errors: FormErrors, status = 200) => {
    const { orgs, names } = await organisations();
    const book = activeRulebook;
    const sections = NOTIFY_STEPS.map((step) => ({
      title: step.title,
      rows: step.fields(orgs).map((f) => ({
        key: { text: f.label },
        value: { text: answerText(f, getPath(answers, f.path), names, book) || 'Not given' },
        actions: {
          items: [
            {
              href: `/placements/new/${req.params.draftId}/${step.slug}?from=check#${f.path.replace(/\./g, '-')}`,
              text: 'Change',
              visuallyHiddenText: f.label.toLowerCase(),
            },
          ],
        },
      })),
      complete: stepDone(answers, step.slug),
    }));
    render.page(
      req,
      res,
      'notify/check.njk',
      { pageTitle: 'Check your answers', sections, errorSummary: errors.summary, action: `/placements/new/${req.params.draftId}/check` },
      status,
    );
  };

  router.post('/placements/new/:draftId/check', placingOnly, async (req, res) => {
    const answers = await loadDraft(req);
    const result = await backend.createDraft(currentUser(req), draftFromAnswers(stripMarks(answers)));
    if (!result.ok) {
      if (result.problem.status >= 500) return problemPage(req, res, result.problem);
      const errors = problemToFormErrors(result.problem, {
        labels: notifyLabels(),
        dateFields: NOTIFY_DATE_FIELDS,
        pageFor: (path) => `/placements/new/${req.params.draftId}/${stepForPath(path).slug}?from=check`,
      });
      return renderCheck(req, res, answers, errors, 422);
    }
    await o.drafts.delete(currentUser(req).id, one(req.params.draftId));
    req.session.data.flash = `Draft notification ${result.value.reference} saved. Now sign and send the Notice and Undertaking.`;
    req.session.changed();
    res.redirect(303, `/placements/${result.value.id}/sign`);
  });

  router.get('/placements/new/:draftId/:step', placingOnly, async (req, res) => {
    await renderStep(req, res, await loadDraft(req), NO_ERRORS);
  });

  router.post('/placements/new/:draftId/:step', placingOnly, async (req, res) => {
    const step = stepBySlug(one(req.params.step));
    if (!step) throw notFound();
    const answers = await loadDraft(req);
    const { orgs } = await organisations();
    const fields = step.fields(orgs);
    const { value, errors, raw } = readFields(fields, req.body);
    // Replace this step's answers with what was sent (an emptied field is removed), then save at once.
    for (const f of fields) setPath(answers, f.path, getPath(value, f.path));
    const local = errors.summary.length ? errors : NO_ERRORS;
    const schemaErrors = local.summary.length ? [] : step.check(answers);
    const all = schemaErrors.length
      ? mergeErrors(local, problemToFormErrors({ errors: schemaErrors }, { labels: notifyLabels(), dateFields: NOTIFY_DATE_FIELDS }))
      : local;
    answers[`_done_${step.slug}`] = all.summary.length === 0;
    await o.drafts.save(currentUser(req).id, one(req.params.draftId), answers);
    if (all.summary.length) return renderStep(req, res, answers, all, raw, 400);
    const index = NOTIFY_STEPS.indexOf(step);
    const next = req.query.from === 'check' || index === NOTIFY_STEPS.length - 1 ? 'check' : NOTIFY_STEPS[index + 1].slug;
    res.redirect(303, `/placements/new/${req.params.draftId}/${next}`);
  });

  // ---- one placement -------------------------------------------------------------------------------
  const signedIn = requireUser();
  const visible = async (req: Request) => {
    const p = await backend.getPlacement(currentUser(req), one(req.params.id));
    if (!p) throw notFound();
    return p;
  };

  router.get('/placements/:id', signedIn, async (req, res) => {
    const user = currentUser(req);
    const placement = await visible(req);
    const [timeline, documents, { names }, rel] = await Promise.all([
      backend.timeline(user, placement.id),
      backend.documents(user, placement.id),
      organisations(),
      backend.relationships(user, placement.id),
    ]);
    const view = presentPlacement({ placement, timeline: timeline ?? [], documents: documents ?? [], role: user.role, now: now(), names });
    const voice = rel?.ok ? presentRelationships(rel.value, placement) : null;
    // The inspector is offered a review of this placement's record (with a reason), or reads it during one.
    const review = user.role === 'inspector' ? { open: rel?.ok === true, href: `/placements/${placement.id}/relationship-review` } : null;
    render.page(req, res, 'placement/show.njk', { pageTitle: view.title, p: view, voice, review });
  });

  const signFields: FieldDef[] = ACTIONS.find((a) => a.type === 'NOTICE_SIGNED')!.fields;
  const renderSign = async (req: Request, res: Response, errors: FormErrors, raw?: Record<string, unknown>, status = 200) => {
    const placement = await visible(req);
    const type = placement.allowedEvents.includes('NOTICE_SIGNED')
      ? 'NOTICE_SIGNED'
      : placement.allowedEvents.includes('NOTICE_UPDATED')
        ? 'NOTICE_UPDATED'
        : null;
    if (!type) throw new PageError(409, 'There is no notice to sign now', 'The notice has been signed already, or your role does not sign notices.');
    const book = bookOf(placement.rulebook);
    const { names } = await organisations();
    const recipients = (book.recipients[placement.setting] ?? []).map((r) => ({ label: r.label, required: r.required }));
    const lb = placement.legalBasis;
    const pl = placement.placement;
    render.page(
      req,
      res,
      'placement/sign.njk',
      {
        pageTitle: 'Sign and send the Notice and Undertaking',
        p: { id: placement.id, reference: placement.reference, version: placement.version },
        type,
        facts: [
          { key: 'Placing authority', value: orgName(names, placement.placingAuthorityId) },
          { key: 'Host authority', value: orgName(names, placement.hostAuthorityId) },
          { key: 'Legal basis', value: legalBasisLabel(book, lb.type) },
          { key: 'Order takes effect', value: ukDateTime(lb.effectiveFrom) },
          { key: 'Service', value: String(pl.serviceName ?? '') },
          { key: 'Planned arrival', value: ukDateTime(pl.plannedStart) },
        ],
        recipients,
        undertaking: book.undertaking.map((u) => u.text),
        fields: viewFields(signFields, {}, errors, raw),
        declarationError: errors.byPath.declaration,
        errorSummary: errors.summary,
        backLink: `/placements/${placement.id}`,
      },
      status,
    );
  };

  router.get('/placements/:id/sign', signedIn, async (req, res) => renderSign(req, res, NO_ERRORS));

  router.post('/placements/:id/sign', signedIn, async (req, res) => {
    const placement = await visible(req);
    const { value, errors, raw } = readFields(signFields, req.body);
    if (one(req.body.declaration) !== 'yes') {
      const text = 'Confirm that you are authorised to sign and that the undertaking is given';
      errors.summary.push({ text, href: '#declaration' });
      errors.byPath.declaration = { text };
    }
    if (errors.summary.length) return renderSign(req, res, errors, raw, 400);
    const type = placement.allowedEvents.includes('NOTICE_SIGNED') ? 'NOTICE_SIGNED' : 'NOTICE_UPDATED';
    const result = await backend.sendEvent(currentUser(req), placement.id, { type, ...value }, Number(one(req.body.version)) || placement.version);
    if (!result.ok) return eventProblem(req, res, result.problem, (e) => renderSign(req, res, e, raw, statusOf(result.problem)));
    req.session.data.flash = `Notice version ${result.value.notice?.version ?? ''} signed. It is being sent to every recipient.`;
    req.session.changed();
    res.redirect(303, `/placements/${placement.id}`);
  });

  const renderAction = async (req: Request, res: Response, errors: FormErrors, raw?: Record<string, unknown>, status = 200) => {
    const placement = await visible(req);
    const def = actionBySlug(one(req.params.action));
    if (!def) throw notFound();
    if (!placement.allowedEvents.includes(def.type))
      throw new PageError(409, 'You cannot do this now', 'This placement does not accept this action in its current state, or your role does not take it.');
    const fields = await withRecordChoices(currentUser(req), placement.id, [...def.fields, ...(def.askWhen ? [WHEN_FIELD] : [])]);
    render.page(
      req,
      res,
      'placement/action.njk',
      {
        pageTitle: def.title,
        p: { id: placement.id, reference: placement.reference, version: placement.version },
        action: def,
        fields: viewFields(fields, {}, errors, raw),
        errorSummary: errors.summary,
        backLink: `/placements/${placement.id}`,
      },
      status,
    );
  };

  /** Radios whose options are the placement's own records (siblings, arrangements, matters), as the caller may see them. */
  const withRecordChoices = async (user: WebUser, placementId: string, fields: FieldDef[]): Promise<FieldDef[]> => {
    if (!fields.some((f) => f.recordChoices)) return fields;
    const rel = await backend.relationships(user, placementId);
    const choices = rel?.ok ? recordChoices(rel.value) : { siblings: [], arrangements: [], matters: [] };
    return fields.map((f) => (f.recordChoices ? { ...f, options: choices[f.recordChoices] } : f));
  };

  router.get('/placements/:id/actions/:action', signedIn, async (req, res) => renderAction(req, res, NO_ERRORS));

  router.post('/placements/:id/actions/:action', signedIn, async (req, res) => {
    const def = actionBySlug(one(req.params.action));
    if (!def) throw notFound();
    const placement = await visible(req);
    const fields = [...def.fields, ...(def.askWhen ? [WHEN_FIELD] : [])];
    const { value, errors, raw } = readFields(fields, req.body);
    if (value.at === null) delete value.at;
    // On a visit or review the child's views are optional; once any of them is given, say who heard them and how.
    if (def.type === 'VISIT_RECORDED' || def.type === 'REVIEW_RECORDED') requireViewsWhole(fields, value, errors);
    if (errors.summary.length) return renderAction(req, res, errors, raw, 400);
    const result = await backend.sendEvent(currentUser(req), placement.id, { type: def.type, ...value }, Number(one(req.body.version)) || placement.version);
    if (!result.ok) return eventProblem(req, res, result.problem, (e) => renderAction(req, res, e, raw, statusOf(result.problem)));
    req.session.data.flash = `${def.title}: done.`;
    req.session.changed();
    res.redirect(303, `/placements/${placement.id}`);
  });

  const statusOf = (p: Problem) => (p.status >= 400 && p.status < 500 ? p.status : 400);
  const eventProblem = async (req: Request, res: Response, p: Problem, again: (e: FormErrors) => Promise<void>) => {
    if (p.status === 404 || p.status === 403 || p.status >= 500) return problemPage(req, res, p);
    if (p.status === 409) {
      const text = p.detail?.includes('version')
        ? 'Someone else changed this placement while you were working on it. Check the placement, then try again.'
        : (p.detail ?? 'This is not allowed in the placement’s current state.');
      return again({ summary: [{ text, href: '#main-content' }], byPath: {} });
    }
    const labels = Object.fromEntries([...ACTIONS.flatMap((a) => a.fields), WHEN_FIELD].map((f) => [f.path, f.label]));
    return again(problemToFormErrors(p, { labels, dateFields: NOTIFY_DATE_FIELDS.concat(['at', 'expiresAt']) }));
  };

  // ---- the inspector's review of one placement's relationships record ------------------------------
  const inspectors = requireUser('inspector');
  const reviewField: FieldDef[] = [
    {
      path: 'reason',
      label: 'Why do you need to read the record of this placement?',
      kind: 'textarea',
      required: true,
      hint: 'Your reason is kept with the audit log. The record is open to you until you close the review, or for 28 days.',
    },
  ];
  const renderReview = async (req: Request, res: Response, errors: FormErrors, raw?: Record<string, unknown>, status = 200) => {
    const placement = await visible(req);
    render.page(
      req,
      res,
      'placement/review.njk',
      {
        pageTitle: "Review this child's voice and relationships",
        p: { id: placement.id, reference: placement.reference },
        fields: viewFields(reviewField, {}, errors, raw),
        errorSummary: errors.summary,
        backLink: `/placements/${placement.id}`,
      },
      status,
    );
  };
  router.get('/placements/:id/relationship-review', inspectors, (req, res) => renderReview(req, res, NO_ERRORS));
  router.post('/placements/:id/relationship-review', inspectors, async (req, res) => {
    const placement = await visible(req);
    const { value, errors, raw } = readFields(reviewField, req.body);
    if (errors.summary.length) return renderReview(req, res, errors, raw, 400);
    const result = await backend.relationshipsReview(currentUser(req), placement.id, String(value.reason));
    if (!result.ok) {
      if (result.problem.status !== 422) return problemPage(req, res, result.problem);
      return renderReview(req, res, problemToFormErrors(result.problem, { labels: { reason: 'The reason' } }), raw, 422);
    }
    req.session.data.flash = 'Review opened. It is recorded in the audit log with your reason.';
    req.session.changed();
    res.redirect(303, `/placements/${placement.id}#voice-title`);
  });
  router.post('/placements/:id/relationship-review/close', inspectors, async (req, res) => {
    const placement = await visible(req);
    const result = await backend.relationshipsReview(currentUser(req), placement.id, null);
    if (!result.ok && result.problem.status !== 409) return problemPage(req, res, result.problem);
    req.session.data.flash = 'Review closed.';
    req.session.changed();
    res.redirect(303, `/placements/${placement.id}`);
  });

  router.get('/documents/:file', signedIn, async (req, res) => {
    const m = /^([0-9a-f-]{36})\.pdf$/.exec(one(req.params.file));
    if (!m) throw notFound();
    const pdf = await backend.documentPdf(currentUser(req), m[1]);
    if (!pdf) throw notFound();
    res
      .set({ 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${pdf.filename.replace(/[^\w.-]/g, '_')}"` })
      .send(Buffer.from(pdf.bytes));
  });

  // ---- reports -------------------------------------------------------------------------------------
  const reviewers = requireUser('inspector', 'ministers');
  const dateQuery = (prefix: string, q: Request['query']): string | undefined => {
    const d = one(q[`${prefix}-day`]);
    const m = one(q[`${prefix}-month`]);
    const y = one(q[`${prefix}-year`]);
    if (d && m && /^\d{4}$/.test(y)) return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    const iso = one(q[prefix]);
    return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : undefined;
  };
  const reportQuery = (req: Request): ReportQuery => {
    const q: ReportQuery = {};
    const from = dateQuery('from', req.query);
    const to = dateQuery('to', req.query);
    if (from) q.from = from;
    if (to) q.to = to;
    for (const k of ['placingAuthorityId', 'hostAuthorityId', 'setting', 'legalBasis'] as const) if (one(req.query[k])) q[k] = one(req.query[k]);
    return q;
  };

  router.get('/reports/compliance', reviewers, async (req, res) => {
    const user = currentUser(req);
    const query = reportQuery(req);
    const [report, breakdown, { orgs, names }] = await Promise.all([
      backend.complianceReport(user, query),
      backend.complianceBreakdown(user, query),
      organisations(),
    ]);
    const refused = (p: Problem) => {
      if (p.status !== 400 && p.status !== 422) return problemPage(req, res, p);
      const errors = problemToFormErrors(p, { labels: { from: 'The start of the period', to: 'The end of the period' }, dateFields: ['from', 'to'] });
      return render.page(req, res, 'reports/compliance.njk', { pageTitle: 'Compliance report', errorSummary: errors.summary, r: null, query }, 400);
    };
    if (!report.ok) return refused(report.problem);
    if (!breakdown.ok) return refused(breakdown.problem);
    const view = presentReport(report.value, breakdown.value, query, names, orgs);
    const counts = await backend.relationshipsReport(user, { ...query, groupBy: 'placingNation' });
    const voice = counts.ok ? presentRelationshipCounts(counts.value) : null;
    render.page(req, res, 'reports/compliance.njk', {
      pageTitle: 'Compliance report',
      r: view,
      voice,
      query,
      fromParts: parts(query.from),
      toParts: parts(query.to),
    });
  });

  router.get('/reports/compliance.csv', reviewers, async (req, res) => {
    const csv = await backend.complianceCsv(currentUser(req), reportQuery(req));
    if (!csv.ok) return problemPage(req, res, csv.problem);
    res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="compliance-report.csv"' }).send(csv.value);
  });

  router.get('/reports/compliance/placements', reviewers, async (req, res) => {
    const query = reportQuery(req);
    const page = Math.max(1, Number.parseInt(one(req.query.page), 10) || 1);
    const result = await backend.drillDown(currentUser(req), {
      ...query,
      rule: one(req.query.rule),
      outcome: one(req.query.outcome),
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    if (!result.ok)
      return problemPage(req, res, result.problem.status === 422 || result.problem.status === 400 ? { ...result.problem, status: 404 } : result.problem);
    const view = presentDrillDown(result.value, query);
    render.page(req, res, 'reports/drill-down.njk', { pageTitle: view.title, d: view, backLink: view.backHref });
  });

  // ---- administration ------------------------------------------------------------------------------
  const admins = requireUser('admin');
  router.get('/admin/users', admins, async (req, res) => {
    const users = await backend.listUsers(currentUser(req));
    if (!users.ok) return problemPage(req, res, users.problem);
    const { names } = await organisations();
    render.page(req, res, 'admin/users.njk', { pageTitle: 'Users', users: presentUsers(users.value, names) });
  });

  const userFields = (orgs: OrganisationJson[]): FieldDef[] => [
    { path: 'name', label: 'Full name', kind: 'text', required: true, width: 'govuk-!-width-two-thirds' },
    { path: 'email', label: 'Email address', kind: 'email', required: true, width: 'govuk-!-width-two-thirds' },
    { path: 'role', label: 'Role', kind: 'radios', required: true, options: roleOptions().map((r) => ({ value: r.value, text: r.text })) },
    {
      path: 'organisationId',
      label: 'Organisation',
      kind: 'select',
      required: true,
      options: orgs.map((x) => ({ value: x.id, text: `${x.name} (${x.kind.replace(/-/g, ' ')})` })),
    },
  ];
  const renderNewUser = async (req: Request, res: Response, errors: FormErrors, raw?: Record<string, unknown>, status = 200) => {
    const { orgs } = await organisations();
    render.page(
      req,
      res,
      'admin/user-new.njk',
      { pageTitle: 'Create a user', fields: viewFields(userFields(orgs), {}, errors, raw), errorSummary: errors.summary, backLink: '/admin/users' },
      status,
    );
  };
  router.get('/admin/users/new', admins, (req, res) => renderNewUser(req, res, NO_ERRORS));
  router.post('/admin/users/new', admins, async (req, res) => {
    const { orgs } = await organisations();
    const { value, errors, raw } = readFields(userFields(orgs), req.body);
    if (errors.summary.length) return renderNewUser(req, res, errors, raw, 400);
    const input = { email: str(value.email), name: str(value.name), role: str(value.role), organisationId: str(value.organisationId) };
    const result = await backend.createUser(currentUser(req), input);
    if (!result.ok) {
      if (result.problem.status >= 500 || result.problem.status === 403) return problemPage(req, res, result.problem);
      return renderNewUser(
        req,
        res,
        problemToFormErrors(result.problem, { labels: { name: 'Full name', email: 'Email address', role: 'Role', organisationId: 'Organisation' } }),
        raw,
        422,
      );
    }
    req.session.data.flash = `User ${String(value.name)} created. They sign in with their email address.`;
    req.session.changed();
    res.redirect(303, '/admin/users');
  });
  router.post('/admin/users/:id/revoke-tokens', admins, async (req, res) => {
    const result = await backend.revokeTokens(currentUser(req), one(req.params.id));
    if (!result.ok) return problemPage(req, res, result.problem);
    req.session.data.flash = `${result.value.revoked} API token${result.value.revoked === 1 ? '' : 's'} revoked.`;
    req.session.changed();
    res.redirect(303, '/admin/users');
  });

  router.get('/admin/organisations', admins, async (req, res) => {
    const { orgs } = await organisations();
    const kind = one(req.query.kind) || undefined;
    render.page(req, res, 'admin/organisations.njk', { pageTitle: 'Organisations', o: presentOrganisations(orgs, kind) });
  });

  const mailboxField: FieldDef[] = [
    {
      path: 'noticeEmail',
      label: 'Notice mailbox',
      kind: 'email',
      required: true,
      hint: 'Where this organisation receives the Notice and Undertaking',
      width: 'govuk-!-width-two-thirds',
    },
  ];
  const renderOrg = async (req: Request, res: Response, errors: FormErrors, raw?: Record<string, unknown>, status = 200) => {
    const { orgs } = await organisations();
    const org = orgs.find((x) => x.id === one(req.params.id));
    if (!org) throw notFound();
    render.page(
      req,
      res,
      'admin/organisation.njk',
      { pageTitle: org.name, org, fields: viewFields(mailboxField, org, errors, raw), errorSummary: errors.summary, backLink: '/admin/organisations' },
      status,
    );
  };
  router.get('/admin/organisations/:id', admins, (req, res) => renderOrg(req, res, NO_ERRORS));
  router.post('/admin/organisations/:id', admins, async (req, res) => {
    const { value, errors, raw } = readFields(mailboxField, req.body);
    if (errors.summary.length) return renderOrg(req, res, errors, raw, 400);
    const result = await backend.setNoticeEmail(currentUser(req), one(req.params.id), String(value.noticeEmail));
    if (!result.ok) {
      if (result.problem.status === 404 || result.problem.status >= 500) return problemPage(req, res, result.problem);
      return renderOrg(req, res, problemToFormErrors(result.problem, { labels: { noticeEmail: 'Notice mailbox' } }), raw, 422);
    }
    orgCache = null;
    req.session.data.flash = `Notice mailbox for ${result.value.name} set to ${result.value.noticeEmail}.`;
    req.session.changed();
    res.redirect(303, '/admin/organisations');
  });

  return router;
}

/** The child's views on a visit or review form: none, or enough to know how and by whom they were heard. */
function requireViewsWhole(fields: FieldDef[], value: Record<string, unknown>, errors: FormErrors) {
  if (!VIEWS_PATHS.some((path) => getPath(value, path) !== undefined)) return;
  for (const f of fields.filter((x) => VIEWS_REQUIRED_WITH_ANY.includes(x.path)))
    if (getPath(value, f.path) === undefined) {
      const text = f.kind === 'radios' ? `Select ${f.label.charAt(0).toLowerCase()}${f.label.slice(1).replace(/\?$/, '')}` : `Enter ${f.label.toLowerCase()}`;
      errors.summary.push({ text, href: `#${fieldId(f.path)}` });
      errors.byPath[f.path] ??= { text };
    }
}

function parts(date: string | undefined) {
  if (!date) return { day: '', month: '', year: '' };
  const [y, m, d] = date.split('-');
  return { day: String(Number(d)), month: String(Number(m)), year: y };
}

function stripMarks(answers: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(answers).filter(([k]) => !k.startsWith('_done_')));
}

function answerText(f: FieldDef, v: unknown, names: OrgNames, book: ReturnType<typeof bookOf>): string {
  if (v === undefined || v === null || v === '') return '';
  if (f.kind === 'date') return ukDate(String(v));
  if (f.kind === 'datetime') return ukDateTime(String(v));
  if (f.path === 'placement.hostAuthorityId') return orgName(names, String(v));
  if (f.path === 'legalBasis.type') return legalBasisLabel(book, v);
  if (f.options) return f.options.find((x) => x.value === v)?.text ?? String(v);
  return String(v);
}
