// Content hash of a rendered document, recorded with each notice version as evidence of what was sent.
import { createHash } from 'node:crypto';

export function sha256(buffer: Buffer | Uint8Array): string {
  return createHash('sha256').update(buffer).digest('hex');
}
