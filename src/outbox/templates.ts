// Nunjucks environments over templates/: one escaping HTML, one for plain text.
import path from 'node:path';
import nunjucks from 'nunjucks';

const TEMPLATE_DIR = path.resolve(__dirname, '../../templates');

const environments = new Map<boolean, nunjucks.Environment>();
function env(autoescape: boolean): nunjucks.Environment {
  let e = environments.get(autoescape);
  if (!e) {
    e = new nunjucks.Environment(new nunjucks.FileSystemLoader(TEMPLATE_DIR), {
      autoescape,
      throwOnUndefined: true,
      trimBlocks: true,
      lstripBlocks: true,
    });
    environments.set(autoescape, e);
  }
  return e;
}

/** Renders `templates/<name>.txt.njk` and `templates/<name>.html.njk` with the same data. */
export function renderTextAndHtml(name: string, data: object): { text: string; html: string } {
  return { text: env(false).render(`${name}.txt.njk`, data), html: env(true).render(`${name}.html.njk`, data) };
}
