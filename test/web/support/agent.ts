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

/** The answers of each step of "Notify a placement", for a placement with `hostAuthorityId`. */
export const notifySteps = (hostAuthorityId: string, serviceEmail?: string): Record<string, Record<string, string>> => ({
  child: {
    'child-firstName': 'Ada',
    'child-lastName': 'Lovelace',
    'child-dateOfBirth-day': '2',
    'child-dateOfBirth-month': '4',
    'child-dateOfBirth-year': '2012',
    'child-gender': 'female',
  },
  'legal-basis': {
    'legalBasis-type': 'care-order',
    'legalBasis-court': 'Family Court at Birmingham',
    'legalBasis-madeOn-day': '1',
    'legalBasis-madeOn-month': '3',
    'legalBasis-madeOn-year': '2026',
    'legalBasis-effectiveFrom-day': '2',
    'legalBasis-effectiveFrom-month': '3',
    'legalBasis-effectiveFrom-year': '2026',
    'legalBasis-effectiveFrom-time': '10:00am',
  },
  placement: {
    setting: 'residential',
    'placement-hostAuthorityId': hostAuthorityId,
    ...(serviceEmail ? { 'placement-serviceEmail': serviceEmail } : {}),
    'placement-serviceName': 'Harbour House',
    'placement-serviceAddress': '1 Quay Road, Edinburgh',
    'placement-plannedStart-day': '30',
    'placement-plannedStart-month': '3',
    'placement-plannedStart-year': '2026',
    'placement-plannedStart-time': '2pm',
    'placement-permanence': 'temporary',
  },
  needs: { 'needs-health': 'Asthma' },
  contacts: { 'contacts-socialWorker-name': 'Sam Patel', 'contacts-socialWorker-email': 'sam.patel@birmingham.example' },
});
