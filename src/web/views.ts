// The Nunjucks environment for pages: our templates first, then the GOV.UK Frontend and MoJ Frontend
// template folders, so `{% from "govuk/components/..." %}` and `{% from "moj/components/..." %}` resolve.
import path from 'node:path';
import nunjucks from 'nunjucks';
import { GOVUK_DIR, MOJ_DIR, PAGE_TEMPLATES } from './paths';
import { humaniseInstants, ukDate, ukDateTime, ukMonth, ukShortDate, ukTime } from './format';
import { legalStatusTag } from './presenters/status';

export interface PageEnvironmentOptions {
  /** Re-read templates on every render (development). */
  watch?: boolean;
}

export function createPageEnvironment(options: PageEnvironmentOptions = {}): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([PAGE_TEMPLATES, path.join(GOVUK_DIR, 'dist'), MOJ_DIR], { noCache: !!options.watch, watch: false });
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false, trimBlocks: false });
  env.addFilter('ukDate', ukDate);
  env.addFilter('ukDateTime', ukDateTime);
  env.addFilter('ukTime', ukTime);
  env.addFilter('ukShortDate', ukShortDate);
  env.addFilter('ukMonth', ukMonth);
  env.addFilter('plainInstants', humaniseInstants);
  env.addFilter('legalStatusTag', legalStatusTag);
  env.addFilter('percent', (rate: number | null | undefined) => (rate === null || rate === undefined ? 'none due' : `${Math.round(rate * 1000) / 10}%`));
  // The MoJ timeline macro formats its dates through a `mojDate` filter: ours writes them in UK style.
  env.addFilter('mojDate', (iso: string, type?: string) => (type === 'date' || type === 'shortdate' ? ukDate(iso) : ukDateTime(iso)));
  env.addFilter('date', (iso: string) => ukDateTime(iso));
  return env;
}
