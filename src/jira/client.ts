/**
 * A thin typed Jira Cloud REST v3 client: one small function per endpoint the app uses. Every
 * request goes through `send` (one error taxonomy, retries with backoff in one place). Each call
 * site spells `requestJira(route`...`, { method })` literally, so Forge's permission linter maps it
 * to its scope (it only sees literal `requestJira(route..., {method: '...'})` calls).
 */
export type * from './shapes';
export * from './issues';
export * from './fields';
export * from './permissions';
export * from './users';
export * from './projects';
