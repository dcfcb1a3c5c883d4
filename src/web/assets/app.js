// Enhancements only: every page works without this file. Initialises GOV.UK Frontend components
// (error summary focus, character counts, service navigation toggle) and MoJ Frontend's sortable tables.
import { initAll as initGovuk } from '/assets/js/govuk-frontend.min.js';
import { initAll as initMoj } from '/assets/js/moj-frontend.min.js';

initGovuk();
initMoj();
