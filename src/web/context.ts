// Per-request helpers for page handlers: who is signed in, rendering with the layout's locals, errors.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type nunjucks from 'nunjucks';
import type { Role } from '../vocabulary';
import type { Stylesheet } from './assets';
import { ROLE_LABELS } from './presenters/common';
import type { WebUser } from './sign-in/ports';

declare module 'express-serve-static-core' {
  interface Request {
    webUser?: WebUser;
  }
}

export class PageError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly body?: string,
  ) {
    super(title);
  }
}

export const notFound = () =>
  new PageError(
    404,
    'Page not found',
    'If you typed the web address, check it is correct. If you followed a link to a placement, it may not be one your organisation can see.',
  );
export const forbidden = () =>
  new PageError(403, 'You do not have access to this page', 'Your role does not include this page. Ask an administrator if you think it should.');

export interface NavItem {
  text: string;
  href: string;
  roles: readonly Role[];
}

export const NAVIGATION: NavItem[] = [
  { text: 'Work queue', href: '/queue', roles: ['placing', 'host', 'inspector', 'ministers', 'advocacy', 'service-provider'] },
  { text: 'Notify a placement', href: '/placements/new', roles: ['placing'] },
  { text: 'Compliance report', href: '/reports/compliance', roles: ['inspector', 'ministers'] },
  { text: 'Evaluation return', href: '/reports/evaluation', roles: ['inspector', 'ministers'] },
  { text: 'Users', href: '/admin/users', roles: ['admin'] },
  { text: 'Organisations', href: '/admin/organisations', roles: ['admin'] },
  { text: 'Import placements', href: '/imports', roles: ['placing', 'admin'] },
];

export function homeFor(role: Role): string {
  return NAVIGATION.find((n) => n.roles.includes(role))?.href ?? '/sign-in';
}

export class Renderer {
  constructor(
    private readonly env: nunjucks.Environment,
    private readonly stylesheet: Stylesheet,
  ) {}

  page(req: Request, res: Response, template: string, model: Record<string, unknown>, status = 200): void {
    const user = req.webUser;
    const flash = req.session?.data.flash;
    if (flash) {
      delete req.session.data.flash;
      req.session.changed();
    }
    const navigation = user
      ? NAVIGATION.filter((n) => n.roles.includes(user.role)).map((n) => ({
          text: n.text,
          href: n.href,
          active: req.path === n.href || req.path.startsWith(`${n.href}/`),
        }))
      : [];
    const html = this.env.render(template, {
      ...res.locals,
      csrfToken: res.locals.csrfToken,
      stylesheetHref: this.stylesheet.href,
      user: user ? { name: user.name, roleLabel: ROLE_LABELS[user.role], organisationName: user.organisationName, role: user.role } : null,
      navigation,
      flash,
      ...model,
    });
    res.status(status).type('html').send(html);
  }
}

/** Only signed-in users of these roles; others are sent to sign in (GET) or refused. */
export function requireUser(...roles: Role[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.webUser) {
      if (req.method === 'GET') {
        req.session.data.returnTo = req.originalUrl;
        req.session.changed();
      }
      return res.redirect(303, '/sign-in');
    }
    if (roles.length && !roles.includes(req.webUser.role)) return next(forbidden());
    next();
  };
}

export function currentUser(req: Request): WebUser {
  if (!req.webUser) throw new PageError(401, 'Sign in');
  return req.webUser;
}

/** A single value from a query or body field (a repeated field keeps its last). */
export function one(v: unknown): string {
  if (Array.isArray(v)) return one(v[v.length - 1]);
  return typeof v === 'string' ? v : '';
}

export function many(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(many);
  return typeof v === 'string' && v ? [v] : [];
}
