/**
 * Every SQLite connection the app opens (the ORM's and the writer's). WAL lets reads go on while a write
 * commits, and with synchronous=FULL each commit is on disk before it is acknowledged, as in the default
 * rollback journal, at one fsync of the log instead of several. busy_timeout waits for a lock held by
 * another connection or process (the writer, the CLI) instead of failing at once.
 */
export const SQLITE_PRAGMAS = 'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;';
