// A form with a file (`enctype="multipart/form-data"`), for the one page that takes one: the CSV import. The
// body is read whole (bounded), split on its boundary, and its text fields become `req.body` like any form's
// (so the CSRF check finds `_csrf`), its files `req.uploads`. No temporary files; nothing else uses it.
import express, { type RequestHandler } from 'express';
import { isRecord } from '../../machines/guards';
import { PageError } from './context';

export interface FormFile {
  /** The form field's name. */
  name: string;
  /** As the browser sent it (may be empty when no file was chosen). */
  filename: string;
  contentType: string | null;
  data: Buffer;
}

declare module 'express-serve-static-core' {
  interface Request {
    uploads?: FormFile[];
  }
}

const CRLF = Buffer.from('\r\n');

/** The parts of a multipart/form-data body, or null when it is not one (no boundary, a part cut short). */
export function parseMultipart(body: Buffer, contentType: string): { fields: Record<string, string>; files: FormFile[] } | null {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!m) return null;
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  const delimiter = Buffer.concat([CRLF, boundary]);
  const fields: Record<string, string> = {};
  const files: FormFile[] = [];
  let pos = body.indexOf(boundary);
  if (pos < 0) return null;
  pos += boundary.length;
  for (;;) {
    // After a boundary: `--` ends the body, CRLF starts a part.
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') return { fields, files };
    if (!body.subarray(pos, pos + 2).equals(CRLF)) return null;
    const headerEnd = body.indexOf('\r\n\r\n', pos + 2);
    if (headerEnd < 0) return null;
    const end = body.indexOf(delimiter, headerEnd + 4);
    if (end < 0) return null;
    let name: string | null = null;
    let filename: string | null = null;
    let type: string | null = null;
    for (const line of body
      .subarray(pos + 2, headerEnd)
      .toString('utf8')
      .split('\r\n')) {
      const colon = line.indexOf(':');
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === 'content-disposition') {
        name = /(?:^|;)\s*name="([^"]*)"/i.exec(value)?.[1] ?? null;
        filename = /(?:^|;)\s*filename="([^"]*)"/i.exec(value)?.[1] ?? null;
      } else if (key === 'content-type') type = value;
    }
    if (name === null) return null;
    const data = body.subarray(headerEnd + 4, end);
    if (filename === null) fields[name] = data.toString('utf8');
    else files.push({ name, filename, contentType: type, data });
    pos = end + delimiter.length;
  }
}

/** Reads a multipart form of at most `limit` into `req.body` (its fields) and `req.uploads` (its files). */
export function multipartForm(limit: string): RequestHandler[] {
  const raw = express.raw({ type: 'multipart/form-data', limit });
  return [
    (req, res, next) =>
      raw(req, res, (err?: unknown) =>
        isRecord(err) && err.type === 'entity.too.large'
          ? next(new PageError(413, 'The file is too large', `A file of at most ${limit.toUpperCase()} can be sent at once: split it into smaller files.`))
          : next(err),
      ),
    (req, _res, next) => {
      if (!req.is('multipart/form-data')) return next();
      const parsed = Buffer.isBuffer(req.body) ? parseMultipart(req.body, req.get('content-type') ?? '') : null;
      if (!parsed) return next(new PageError(400, 'The form could not be read', 'Go back to the page and send the file again.'));
      req.body = parsed.fields;
      req.uploads = parsed.files;
      next();
    },
  ];
}
