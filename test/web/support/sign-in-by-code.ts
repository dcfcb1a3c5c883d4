// Signing in to the pages as a person does: the email address, then the code from the mail the outbox holds.
import request from 'supertest';
import { OutboxMessage } from '../../../src/store/entities';
import type { Harness } from '../../support/api-harness';
import { csrfOf, type Agent } from './agent';

/** The newest sign-in mail queued for `email`, once the page has queued it (after its response). */
export async function signInMail(h: Harness, email: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const [m] = await h.orm.em.fork().find(OutboxMessage, { kind: 'sign-in', address: email }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 1 });
    if (m) return String(m.payload.text);
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no sign-in mail for ${email}`);
}

/** A browser-like agent signed in as `email` (typed as given: the address is matched without case). */
export async function signInByCode(h: Harness, email: string): Promise<Agent> {
  await h.orm.em.fork().nativeDelete(OutboxMessage, { kind: 'sign-in', address: email.toLowerCase() });
  const agent = request.agent(h.app);
  const page = await agent.get('/sign-in').expect(200);
  await agent
    .post('/sign-in')
    .type('form')
    .send({ _csrf: csrfOf(page.text), email })
    .expect(303);
  const code = /code is: (\d{6})/.exec(await signInMail(h, email.toLowerCase()))?.[1] ?? '';
  const codePage = await agent.get('/sign-in/code').expect(200);
  await agent
    .post('/sign-in/code')
    .type('form')
    .send({ _csrf: csrfOf(codePage.text), code })
    .expect(303);
  return agent;
}
