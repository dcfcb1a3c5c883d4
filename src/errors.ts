/**
 * Failures a caller can fix, raised below the HTTP layer (engine, store, auth) without importing express.
 * The HTTP error handler turns them into problem+json responses; the CLI prints them.
 */
export type AppErrorCode = 'invalid' | 'not-found' | 'conflict' | 'forbidden' | 'gone';

export interface FieldError {
  /** Dotted path of the offending field, e.g. `legalBasis.type` or `contacts[0].name`. */
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly errors: FieldError[] = [],
    /** Set on a conflict that a fresh read may resolve: another writer saved first. */
    readonly stale = false,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalid = (message: string, errors: FieldError[] = []) => new AppError('invalid', message, errors);
export const notFound = (message: string) => new AppError('not-found', message);
export const conflict = (message: string, errors: FieldError[] = []) => new AppError('conflict', message, errors);
export const forbidden = (message: string) => new AppError('forbidden', message);

/** Another writer saved the record first: re-read and decide again (or answer 409 to a caller who sent If-Match). */
export const staleWrite = () => new AppError('conflict', 'Another change to this placement was saved first; reload and try again.', [], true);

/** It existed but is no longer held (erased under the retention rule). */
export const gone = (message: string) => new AppError('gone', message);
