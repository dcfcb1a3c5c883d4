// The import page: a placing authority (or an admin, naming one) uploads the CSV template filled in with its
// placements begun before SSI 2026/31; the page shows, per row, what was imported with its legal status now and
// what is still to do, and lists every error by row and column in the error summary. Same service as the API.
import express, { type Request, type Response, type Router } from 'express';
import { isOneOf } from '../../../machines/guards';
import { COLUMNS, templateCsv } from '../../imports/csv';
import { IMPORT_MODES } from '../../imports/schema';
import type { OrganisationJson, PageBackend } from '../backend';
import { currentUser, notFound, requireUser, type Renderer } from '../context';
import type { ErrorSummaryItem } from '../forms/errors';
import { FILE_INPUT_ID, presentImport, problemSummary } from '../presenters/imports';

/** The largest file the page takes (the API takes the same). */
export const IMPORT_UPLOAD_LIMIT = '5mb';

interface Answers {
  mode: string;
  dryRun: boolean;
  placingAuthorityId: string;
}

const FIRST: Answers = { mode: 'each-row', dryRun: false, placingAuthorityId: '' };

export function importRoutes(render: Renderer, o: { backend: PageBackend }): Router {
  const router = express.Router();
  const { backend } = o;
  const importers = requireUser('placing', 'admin');

  let placingAuthorities: OrganisationJson[] | null = null;
  const authorities = async () => (placingAuthorities ??= await backend.organisations({ kind: 'placing-authority' }));

  const show = async (req: Request, res: Response, answers: Answers, model: Record<string, unknown>, status = 200) => {
    const user = currentUser(req);
    render.page(
      req,
      res,
      'imports/upload.njk',
      {
        pageTitle: 'Import placements begun before 9 February 2026',
        columns: COLUMNS,
        fileId: FILE_INPUT_ID,
        answers,
        isAdmin: user.role === 'admin',
        authorities: user.role === 'admin' ? (await authorities()).map((a) => ({ value: a.id, text: `${a.name} (${a.id})` })) : [],
        ...model,
      },
      status,
    );
  };

  router.get('/imports', importers, async (req, res) => {
    if (!backend.importPlacements) throw notFound();
    await show(req, res, FIRST, {});
  });

  router.get('/imports/template.csv', importers, (_req, res) => {
    res
      .status(200)
      .set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="transitional-placements.csv"' })
      .send(templateCsv());
  });

  router.post('/imports', importers, async (req, res) => {
    const importPlacements = backend.importPlacements?.bind(backend);
    if (!importPlacements) throw notFound();
    const user = currentUser(req);
    const body: Record<string, unknown> = req.body ?? {};
    const answers: Answers = {
      mode: isOneOf(IMPORT_MODES, body.mode) ? body.mode : 'each-row',
      dryRun: body.dryRun === 'true',
      placingAuthorityId: typeof body.placingAuthorityId === 'string' ? body.placingAuthorityId : '',
    };
    const file = req.uploads?.find((f) => f.name === 'file' && f.data.length > 0);
    const refuse = (summary: ErrorSummaryItem[], status: number) => show(req, res, answers, { errorSummary: summary, fileError: summary[0]?.text }, status);
    if (!file) return refuse([{ text: 'Select the CSV file to import', href: `#${FILE_INPUT_ID}` }], 400);
    if (user.role === 'admin' && !answers.placingAuthorityId)
      return refuse([{ text: 'Select the placing authority the placements belong to', href: '#placingAuthorityId' }], 400);
    const result = await importPlacements(user, file.data.toString('utf8'), {
      dryRun: answers.dryRun,
      mode: isOneOf(IMPORT_MODES, answers.mode) ? answers.mode : 'each-row',
      ...(user.role === 'admin' ? { placingAuthorityId: answers.placingAuthorityId } : {}),
    });
    if (!result.ok) return refuse(problemSummary(result.problem), result.problem.status);
    const report = presentImport(result.value, user.role !== 'admin');
    await show(req, res, answers, {
      report,
      errorSummary: report.errorSummary,
      fileError: report.errorSummary.length ? 'Some rows were not imported: see the list above' : undefined,
    });
  });

  return router;
}
