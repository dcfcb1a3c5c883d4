// A route that reaches past the services into the store: `npm run lint` must refuse it.
// Kept out of the build (tsconfig excludes test/lint-fixtures) and linted as if it were at
// src/http/routes/ by test/lint.test.ts.
import { Placement } from '../../store/entities';
import { registerPlacementRoutes } from './placements';

export const leak = [Placement, registerPlacementRoutes];
