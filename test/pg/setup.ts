// npm run test:pg refuses to run on SQLite by mistake (the databases are dropped by test/pg/environment.js).
import { PG_TEST_SERVER } from '../support/test-database';

if (!PG_TEST_SERVER) throw new Error('npm run test:pg needs CBP_TEST_DATABASE=postgresql://... (see test/pg/cluster.sh)');
