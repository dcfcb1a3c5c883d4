// Guards for values whose shape is known only at run time (stored JSON, form posts, query strings, the free
// `with` fields of rulebook examples): checking narrows the type where an assertion would only claim it.

/** Any non-null object (arrays too), read key by key: each value is `unknown` until checked. */
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Whether `value` is one of a closed list of names (a role, a status code, a nation). */
export const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T => list.some((member) => member === value);
