// A machine module that does I/O: `npm run lint` must refuse it (linted as if at machines/placement/).
import { readFileSync } from 'node:fs';
import { openOrm } from '../../src/store/orm';

export const impure = [readFileSync, openOrm];
