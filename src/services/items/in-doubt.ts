/**
 * Create requests in doubt: a request whose answer never came (the function was stopped at its time
 * limit, the connection broke, a gateway answered 5xx) may still have been carried out by Jira, and
 * Jira's search shows what it made only after a lag. Spawning and upgrades alike record the items of
 * a create before they send it, and treat those still unanswered as maybe-created until this long
 * after the request: they adopt what the search shows and create the rest only once the time is up.
 */
export const inDoubt = {
  /** How long a request in doubt may still show up in Jira's search (processing plus index lag). */
  uncertainMs: 60_000,
};
