// Where the page layer finds its templates and the front-end packages, resolved from the installed
// packages rather than the working directory, so the server runs from any folder.
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '../..');
export const PAGE_TEMPLATES = path.join(PROJECT_ROOT, 'templates', 'pages');
export const OWN_ASSETS = path.join(__dirname, 'assets');

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
export const GOVUK_DIR = packageDir('govuk-frontend');
export const MOJ_DIR = packageDir('@ministryofjustice/frontend');
