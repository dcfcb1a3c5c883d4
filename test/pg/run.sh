#!/usr/bin/env bash
# npm run test:pg   - the API, engine, page and mail suites (and test/pg) on PostgreSQL
# npm run test:multi - two app processes on one PostgreSQL database (test/multi-instance)
# With CBP_TEST_DATABASE=postgresql://user@host:port/db set, that server is used (each test creates and
# drops its own databases, so the role needs CREATEDB); otherwise a throw-away cluster is started from
# Debian's postgresql package (test/pg/cluster.sh) and removed afterwards. Extra arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/../.."
config=test/pg/jest.config.js
if [ "${1:-}" = "--multi" ]; then
  config=test/multi-instance/jest.config.js
  shift
fi
if [ -z "${CBP_TEST_DATABASE:-}" ]; then
  port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  eval "$(bash test/pg/cluster.sh start "$port")"
  trap 'bash test/pg/cluster.sh stop "$CBP_PG_DIR"' EXIT
fi
export CBP_TEST_DATABASE
npx jest --config "$config" --maxWorkers=1 "$@"
