/**
 * Repositories over @forge/kvs (the app's own store inside Atlassian). One key per independently
 * changing fact, so two people changing different facts at the same moment never overwrite each
 * other; create-once facts use `FAIL_IF_EXISTS`.
 *
 * Keys. An epic's state is read with `kvs.batchGet` on keys derived from the template's item and
 * condition ids and the role ids, never with a prefix query: `kvs.query` is eventually consistent
 * (storage-reference/kvs, "Data consistency") and could miss a confirmation or revoke just made, or
 * the children map, while `get`/`batchGet` are strictly consistent. Only the audit trail, which is
 * append-only and only listed, is read with a query.
 *   epic:<epicId>:meta               PhaseMeta (written once, FAIL_IF_EXISTS)
 *   epic:<epicId>:roster:<roleId>    account id for that role (its first person)
 *   epic:<epicId>:members:<roleId>   the role's further people (account ids; storage/governance.ts)
 *   epic:<epicId>:risk               the epic's current risk level
 *   epic:<epicId>:spawn              SpawnStatus
 *   epic:<epicId>:children           itemId → {id, key} of the created children
 *   epic:<epicId>:op                 an operation of several steps (a template upgrade), recorded before its first
 *                                    outside write and deleted after its audit entry (FAIL_IF_EXISTS)
 *   epic:<epicId>:dedup              a duplicate cleanup's intent (storage/dedup.ts), deleted after its audit entry
 *   epic:<epicId>:pick               a role pick's intent (storage/roster-pick.ts), deleted after its audit entry
 *   epic:<epicId>:inflight           itemId → {sentAt, owner}: the intent of a create request whose answer is
 *                                    not known yet (written before the request, cleared with its answer)
 *   epic:<epicId>:att:<conditionId>  AttestationRecord (FAIL_IF_EXISTS: confirmed twice = recorded once)
 *   epic:<epicId>:att:<conditionId>#<n>  a further confirmation of a condition with a quorum (n = 2…10)
 *   epic:<epicId>:waiver:<itemId>    WaiverRecord
 *   epic:<epicId>:evidence-change:<conditionId>  a change of a condition's evidence link (storage/evidence-change.ts):
 *                                    recorded before its first write (FAIL_IF_EXISTS), deleted after its audit entry
 *   lock:<epicId>                    spawn claim (FAIL_IF_EXISTS, expires)
 *   lock:<epicId>:takeover:<expiresAt>:<owner>   who took over that stale claim (FAIL_IF_EXISTS, 1-day TTL)
 *   decision:<epicId>:<itemId>:<requestedAt>     who decided that waiver request (FAIL_IF_EXISTS)
 *   settings:<projectId>             ProjectSettings
 *   audit:<scopeId>:<inverted time>:<random>  AuditEntry, newest first in key order; never rewritten
 *
 * The repositories, one file per record (this file re-exports them, so `import * as store` keeps
 * working): kvs-util.ts (keys, setIfAbsent, getMany), epic-state.ts (the whole state, read strictly),
 * epic-facts.ts (meta, roster, risk, spawn status, children, in-flight creates), operations.ts,
 * attestations.ts, waivers.ts (item waivers, decisions, the entry gate's waiver), dossier-records.ts,
 * spawn-claim.ts, settings.ts, user-locale.ts, audit.ts.
 */
export { StoredRecordError } from './records';
export { getMany, isKeyExistsError, setIfAbsent } from './kvs-util';
export * from './epic-state';
export * from './epic-facts';
export * from './operations';
export * from './attestations';
export * from './waivers';
export * from './dossier-records';
export * from './spawn-claim';
export * from './settings';
export * from './user-locale';
export * from './audit';
