// A real SMTP server on 127.0.0.1 that keeps what it receives, parsed, and can refuse chosen addresses.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface Sink {
  port: number;
  url: string;
  messages: (ParsedMail & { envelopeTo: string[] })[];
  /** Addresses answered with a permanent 550. */
  refuse: Set<string>;
  stop(): Promise<void>;
}

export async function startSink(port = 0): Promise<Sink> {
  const messages: Sink['messages'] = [];
  const refuse = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (refuse.has(address.address)) {
        const err = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(Object.assign(mail, { envelopeTo: session.envelope.rcptTo.map((r) => r.address) }));
          cb();
        })
        .catch(cb);
    },
  });
  // A client that dies mid-conversation (a SIGKILLed server) resets its connection: that is the client's
  // problem, not the sink's; without a listener the 'error' event would throw in the test process.
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') console.error('SMTP sink:', err.message);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    messages,
    refuse,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
