// Structured logs: one JSON object a line (pino), to stdout. Every line written while a request is handled
// carries its request id, from AsyncLocalStorage, so no function has to pass a logger down. What a line holds
// is chosen where it is written, never dumped: no request bodies, headers, query strings or SQL. Errors go
// through `safeError`, which keeps class, code, message and stack but cuts out SQL statements and quoted
// values (a database error quotes the statement with the row's values in it; a parse error quotes its input).
import { AsyncLocalStorage } from 'node:async_hooks';
import { types } from 'node:util';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

interface LogContext {
  requestId: string;
}

const context = new AsyncLocalStorage<LogContext>();

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go (default: stdout, written synchronously so nothing is lost when the process exits). */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // The request id of the request being handled, if any, on every line.
      mixin: () => ({ ...context.getStore() }),
      serializers: { err: safeError },
      // A second line of defence: these never belong in a log, whoever passes them.
      redact: {
        paths: [
          'authorization',
          'token',
          'password',
          'cookie',
          '*.authorization',
          '*.token',
          '*.password',
          '*.cookie',
          'headers',
          '*.headers',
          'body',
          '*.body',
          'params',
          '*.params',
        ],
        censor: '[redacted]',
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

export const isLogLevel = (value: unknown): value is LogLevel => LOG_LEVELS.some((level) => level === value);

/** LOG_LEVEL when it names a level; otherwise `info`, or `warn` under tests (NODE_ENV=test) to keep their output short. */
export function defaultLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
  if (isLogLevel(env.LOG_LEVEL)) return env.LOG_LEVEL;
  return env.NODE_ENV === 'test' ? 'warn' : 'info';
}

let current: Logger | undefined;

/** The process's logger (stdout at `defaultLogLevel()` until `setLogger` replaces it). */
export function logger(): Logger {
  return (current ??= createLogger({ level: defaultLogLevel() }));
}

/** Replaces the process's logger (the CLI at start, a test capturing lines); returns the one it replaced. */
export function setLogger(next: Logger): Logger | undefined {
  const previous = current;
  current = next;
  return previous;
}

/** Runs `fn` (and everything it starts) as the handling of one request: log lines carry `requestId`. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return context.run({ requestId }, fn);
}

/**
 * A `(line) => void` sink (what the sweeper and dispatcher take) writing to the logger under `component`. The
 * lines are made elsewhere, some with an error's text in them, so they pass through safeLine.
 */
export function lineLogger(component: string, level: 'info' | 'warn' | 'error' = 'info'): (line: string) => void {
  return (line) => logger()[level]({ component }, safeLine(line));
}

export interface SafeError {
  type: string;
  message: string;
  code?: string | number;
  stack?: string;
  cause?: SafeError;
}

// Where a statement starts, as a database driver quotes it in its error ("insert into ... values (...) - SQLITE_...").
const SQL_START = /\b(?:select\s[\s\S]*?\sfrom\s|insert\s+into\s|update\s+[`"\w.]+\s+set\s|delete\s+from\s|replace\s+into\s|pragma\s)/i;
// A quoted stretch of text (a value the code echoed): '...', "..." or `...`, to the last quote of the line
// (greedy, as a value may itself hold quotes: a JSON parse error quotes the body).
const QUOTED = /'[^\n]*'|"[^\n]*"|`[^\n]*`/g;
const DATE_LIKE = /[+-]?\d{4,6}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g;
const EMAIL_LIKE = /[^\s@<>()'"`,;]+@[^\s@<>()'"`,;]+\.[^\s@<>()'"`,;]+/g;

/** `text` with any SQL statement replaced by what the driver said about it (after " - ": tables and constraints, not values). */
export function withoutSql(text: string): string {
  const start = text.search(SQL_START);
  if (start < 0) return text;
  const rest = text.slice(start);
  const frames = rest.search(/\n\s+at /);
  const message = frames < 0 ? rest : rest.slice(0, frames);
  const cut = message.lastIndexOf(' - ');
  return `${text.slice(0, start)}${cut >= 0 ? `[SQL omitted] - ${message.slice(cut + 3)}` : '[SQL omitted]'}${frames < 0 ? '' : rest.slice(frames)}`;
}

/** A line fit for a log: no SQL, no quoted value, no email address. */
export function safeLine(text: string): string {
  return withoutSql(text)
    .replace(QUOTED, (q) => `${q[0]}…${q[0]}`)
    .replace(EMAIL_LIKE, '<email>');
}

/** An error message fit for a log: as safeLine, and no dates either (a date of birth needs no quotes). */
export function safeMessage(message: string): string {
  return safeLine(message).replace(DATE_LIKE, '<date>');
}

/** An error as a log may hold it: class, code, scrubbed message, the stack's frames, and its causes. */
export function safeError(err: unknown, depth = 0): SafeError {
  // isNativeError: an error made in another realm (a native module's, under a test runner's sandbox) is no `instanceof Error`.
  if (!(err instanceof Error) && !types.isNativeError(err)) return { type: typeof err, message: safeMessage(String(err)) };
  const message = safeMessage(err.message);
  const type = err.name && err.name !== 'Error' ? err.name : err.constructor?.name || 'Error';
  // The stack's first lines repeat the (unscrubbed, possibly multi-line) message: keep only the frames.
  const frames = (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  const code = 'code' in err ? err.code : undefined;
  const out: SafeError = { type, message, stack: [`${type}: ${message}`, ...frames].join('\n') };
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (err.cause !== undefined && depth < 3) out.cause = safeError(err.cause, depth + 1);
  return out;
}
