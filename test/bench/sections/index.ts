// Every section `npm run bench` knows, in the order it runs them. Loaded lazily, so a section's process
// loads only its own code and its peak RSS is its own.
import type { Section } from '../lib';

export const SECTIONS: Record<string, () => Promise<Section>> = {
  limit: async () => (require('./limit') as typeof import('./limit')).limitSection,
  bpmn: async () => (require('./bpmn') as typeof import('./bpmn')).bpmnSection,
  engine: async () => (require('./engine') as typeof import('./engine')).engineSection,
  'api-post': async () => (require('./api') as typeof import('./api')).apiPostSection,
  'api-get': async () => (require('./api') as typeof import('./api')).apiGetSection,
  pdf: async () => (require('./pdf') as typeof import('./pdf')).pdfSection,
  datasets: async () => (require('./datasets') as typeof import('./datasets')).datasetsSection,
  report: async () => (require('./report') as typeof import('./report')).reportSection,
  list: async () => (require('./list') as typeof import('./list')).listSection,
};

/** Sections that read the seeded datasets; `datasets` builds them first, outside their RSS. */
export const NEEDS_DATASETS = ['report', 'list'];
