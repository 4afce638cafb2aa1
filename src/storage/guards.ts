/**
 * Small hand-written guards for stored records (./records.ts): the checks the app needs when it
 * reads a record, without zod, so that a function that only reads records (the workflow validator)
 * does not load a schema library at cold start (issue #22). Same meaning as the zod calls they
 * replace: `looseObject` keeps the fields it does not know, `optional` takes an absent field or
 * undefined, a number is finite, an int is a safe integer. `safeParse` answers as zod's does, so
 * that parseRecord takes either.
 */
export type Path = (string | number)[];
export interface GuardIssue {
  path: Path;
  message: string;
}
export type SafeParse<T> = { success: true; data: T } | { success: false; error: { issues: GuardIssue[] } };

/** Checks a value at a path; adds what is wrong to `issues`; returns the value (as read). */
type Check<T> = (value: unknown, path: Path, issues: GuardIssue[]) => T;

export interface Guard<T> {
  readonly check: Check<T>;
  readonly optional: boolean;
  safeParse(value: unknown): SafeParse<T>;
}

function guard<T>(check: Check<T>, optional = false): Guard<T> {
  return {
    check,
    optional,
    safeParse(value) {
      const issues: GuardIssue[] = [];
      const data = check(value, [], issues);
      return issues.length ? { success: false, error: { issues } } : { success: true, data };
    },
  };
}

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function string(rules: { min?: number; max?: number; regex?: RegExp } = {}): Guard<string> {
  return guard((v, path, issues) => {
    if (typeof v !== 'string') issues.push({ path, message: `expected string, received ${describe(v)}` });
    else if (rules.min !== undefined && v.length < rules.min) issues.push({ path, message: `too short (at least ${rules.min})` });
    else if (rules.max !== undefined && v.length > rules.max) issues.push({ path, message: `too long (at most ${rules.max})` });
    else if (rules.regex && !rules.regex.test(v)) issues.push({ path, message: `does not match ${rules.regex}` });
    return v as string;
  });
}

export function number(rules: { int?: boolean; min?: number; max?: number } = {}): Guard<number> {
  return guard((v, path, issues) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) issues.push({ path, message: `expected number, received ${describe(v)}` });
    else if (rules.int && !Number.isSafeInteger(v)) issues.push({ path, message: 'expected an integer' });
    else if (rules.min !== undefined && v < rules.min) issues.push({ path, message: `too small (at least ${rules.min})` });
    else if (rules.max !== undefined && v > rules.max) issues.push({ path, message: `too large (at most ${rules.max})` });
    return v as number;
  });
}

export function boolean(): Guard<boolean> {
  return guard((v, path, issues) => {
    if (typeof v !== 'boolean') issues.push({ path, message: `expected boolean, received ${describe(v)}` });
    return v as boolean;
  });
}

export function oneOf<const V extends readonly (string | number | boolean)[]>(values: V): Guard<V[number]> {
  return guard((v, path, issues) => {
    if (!values.includes(v as V[number]))
      issues.push({ path, message: `expected one of ${values.map((x) => JSON.stringify(x)).join('|')}` });
    return v as V[number];
  });
}

export function optional<T>(g: Guard<T>): Guard<T | undefined> {
  return guard((v, path, issues) => (v === undefined ? undefined : g.check(v, path, issues)), true);
}

export function nullable<T>(g: Guard<T>): Guard<T | null> {
  return guard((v, path, issues) => (v === null ? null : g.check(v, path, issues)));
}

export function array<T>(g: Guard<T>, rules: { max?: number } = {}): Guard<T[]> {
  return guard((v, path, issues) => {
    if (!Array.isArray(v)) {
      issues.push({ path, message: `expected array, received ${describe(v)}` });
      return v as T[];
    }
    if (rules.max !== undefined && v.length > rules.max) issues.push({ path, message: `too many (at most ${rules.max})` });
    return v.map((x, i) => g.check(x, [...path, i], issues));
  });
}

/** An object of string keys, every value checked by `g`. */
export function record<T>(g: Guard<T>): Guard<Record<string, T>> {
  return guard((v, path, issues) => {
    if (!isPlainObject(v)) {
      issues.push({ path, message: `expected record, received ${describe(v)}` });
      return v as Record<string, T>;
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, g.check(x, [...path, k], issues)]));
  });
}

type Shape = Record<string, Guard<unknown>>;
type Optionals<S extends Shape> = { [K in keyof S]: S[K]['optional'] extends true ? K : never }[keyof S];
/** The type a guard checks. */
export type Out<G> = G extends Guard<infer T> ? T : never;
export type ObjectOf<S extends Shape> = { [K in Exclude<keyof S, Optionals<S>>]: Out<S[K]> } & {
  [K in Optionals<S>]?: Exclude<Out<S[K]>, undefined>;
};

function object<S extends Shape>(shape: S, loose: boolean): Guard<ObjectOf<S>> {
  return guard((v, path, issues) => {
    if (!isPlainObject(v)) {
      issues.push({ path, message: `expected object, received ${describe(v)}` });
      return v as ObjectOf<S>;
    }
    const out: Record<string, unknown> = loose ? { ...v } : {};
    for (const [k, g] of Object.entries(shape)) {
      if (!(k in v) || v[k] === undefined) {
        if (!g.optional) issues.push({ path: [...path, k], message: 'required' });
        continue;
      }
      out[k] = g.check(v[k], [...path, k], issues);
    }
    if (!loose) for (const k of Object.keys(v)) if (!(k in shape)) issues.push({ path, message: `unrecognized key "${k}"` });
    return out as ObjectOf<S>;
  });
}

/** An object with these fields; fields it does not name are kept. */
export const looseObject = <S extends Shape>(shape: S) => object(shape, true);
/** An object with these fields and no others. */
export const strictObject = <S extends Shape>(shape: S) => object(shape, false);

/** One of several objects told apart by the string field `key`. */
export function variants<T>(key: string, byValue: Record<string, Guard<T>>): Guard<T> {
  return guard((v, path, issues) => {
    const tag = isPlainObject(v) ? v[key] : undefined;
    const g = typeof tag === 'string' && Object.hasOwn(byValue, tag) ? byValue[tag] : undefined;
    if (!g) {
      issues.push({ path: [...path, key], message: `expected ${key} one of ${Object.keys(byValue).join('|')}` });
      return v as T;
    }
    return g.check(v, path, issues);
  });
}

/** A string, trimmed, then held to each rule in turn (the first that fails is reported). */
export function trimmedString(rules: [(value: string) => boolean, string][]): Guard<string> {
  return guard((v, path, issues) => {
    if (typeof v !== 'string') {
      issues.push({ path, message: `expected string, received ${describe(v)}` });
      return v as string;
    }
    const t = v.trim();
    const failed = rules.find(([ok]) => !ok(t));
    if (failed) issues.push({ path, message: failed[1] });
    return t;
  });
}
