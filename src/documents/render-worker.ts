// The notice renderer thread's side (see render-thread.ts): one model in, the PDF's bytes out.
import { parentPort } from 'node:worker_threads';
import type { NoticeModel } from './notice-model';
import { renderNoticePdf } from './render-notice';

const port = parentPort;
if (port)
  port.on('message', (job: { id: number; model: NoticeModel }) => {
    renderNoticePdf(job.model).then(
      (bytes) => {
        const copy = new Uint8Array(bytes); // its own buffer, handed over without a second copy
        port.postMessage({ id: job.id, bytes: copy }, [copy.buffer]);
      },
      (err: unknown) => port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) }),
    );
  });
