// Helpers for page tests: a cookie-keeping supertest agent, the CSRF token of the last page, sign-in.
import request from 'supertest';
import type { Express } from 'express';
import type { WebUser } from '../../../src/web/sign-in/ports';

export type Agent = ReturnType<typeof request.agent>;

export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1];
}

/** Signs in through the development list of demo users (the emailed code flow has its own tests). */
export async function signedIn(app: Express, user: WebUser): Promise<Agent> {
  const agent = request.agent(app);
  const page = await agent.get('/sign-in').expect(200);
  await agent
    .post('/sign-in/demo')
    .type('form')
    .send({ _csrf: csrfOf(page.text), userId: user.id })
    .expect(303);
  return agent;
}

/** GETs a page and POSTs its form with the token it carried. */
export async function submit(agent: Agent, pageUrl: string, body: Record<string, string | string[]>, postUrl = pageUrl) {
  const page = await agent.get(pageUrl);
  if (page.status !== 200) throw new Error(`GET ${pageUrl}: ${page.status}`);
  return agent
    .post(postUrl)
    .type('form')
    .send({ _csrf: csrfOf(page.text), ...body });
}

/** Text of the page without tags, whitespace collapsed: what a person reads. */
export const textOf = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
