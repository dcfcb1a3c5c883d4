// A guard for values whose shape is known only at run time (stored JSON, form posts, the free `with`
// fields of rulebook examples): checking narrows the type where an assertion would only claim it.

/** Any non-null object (arrays too), read key by key: each value is `unknown` until checked. */
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
