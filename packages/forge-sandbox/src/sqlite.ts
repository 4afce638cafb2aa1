/**
 * Prepared statements kept per SQL text: preparing is most of a small query's cost (measured: a
 * quarter of the emulator's CPU time in the app tests went to `prepare`). SQLite re-prepares a
 * kept statement by itself when the schema changes (a reset drops and recreates the tables).
 */
import type { Database, Statement } from 'better-sqlite3';

/** At most this many texts are kept; SQL built from a list's length has a few variants only. */
const MAX_KEPT = 500;

export type Prepare = (sql: string) => Statement;

export function statementCache(db: Database): Prepare {
  const kept = new Map<string, Statement>();
  return (sql) => {
    let statement = kept.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      if (kept.size >= MAX_KEPT) kept.clear();
      kept.set(sql, statement);
    }
    return statement;
  };
}
