import type { RouteModule } from '../routing';
import { registerAdminRoutes } from './admin';
import { registerAuditRoutes } from './audit';
import { registerDocumentRoutes } from './documents';
import { registerImportRoutes } from './imports';
import { registerEvaluationRoutes } from './evaluation';
import { registerOperationsRoutes } from './operations';
import { registerOrganisationRoutes } from './organisations';
import { registerPlacementRoutes } from './placements';
import { registerRecordRoutes } from './records';
import { registerRelationshipRoutes } from './relationships';
import { registerReportRoutes } from './reports';
import { registerRulebookRoutes } from './rulebook';
import { registerSystemRoutes } from './system';
import { registerUserRoutes } from './users';

/** Every route module, in mounting order. Add new modules (documents, reports, ...) here. */
export const routeModules: RouteModule[] = [
  registerSystemRoutes,
  registerOperationsRoutes,
  registerOrganisationRoutes,
  registerRulebookRoutes,
  registerUserRoutes,
  registerPlacementRoutes,
  registerAuditRoutes,
  registerDocumentRoutes,
  registerAdminRoutes,
  registerReportRoutes,
  registerEvaluationRoutes,
  registerRecordRoutes,
  registerRelationshipRoutes,
  registerImportRoutes,
];
