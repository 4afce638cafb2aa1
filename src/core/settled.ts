/**
 * Side by side, and done when all are done: `Promise.all` answers at the first failure while the rest
 * still run, so a function would answer (or refuse) while its own Jira requests and storage writes go
 * on unseen, possibly past the invocation's end. Every parallel wait in src/ goes through here (ESLint
 * `no-restricted-properties` refuses `Promise.all` elsewhere): it waits for every promise to settle,
 * then throws the first failure in the order given, or returns the values in that order.
 */
export async function allSettledOrThrow<T extends readonly unknown[] | []>(
  promises: T,
): Promise<{ -readonly [P in keyof T]: Awaited<T[P]> }> {
  const results: readonly PromiseSettledResult<unknown>[] = await Promise.allSettled(promises as readonly unknown[]);
  for (const r of results) if (r.status === 'rejected') throw r.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as { -readonly [P in keyof T]: Awaited<T[P]> };
}
