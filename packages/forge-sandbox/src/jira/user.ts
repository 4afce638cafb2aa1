/**
 * A user of the emulator, as its REST API shows one. Its own file so that the store (db.ts) needs no
 * import of the public types (types.ts imports strict.ts, which imports db.ts); types.ts re-exports it.
 */
export type AccountType = 'atlassian' | 'app';

export interface User {
  accountId: string;
  accountType: AccountType;
  emailAddress: string | null;
  displayName: string;
  active: boolean;
  timeZone: string;
  locale: string;
  avatarUrl: string;
}
