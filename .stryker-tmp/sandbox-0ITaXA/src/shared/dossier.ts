/**
 * The closure dossier's format for the UI and the resolvers: defined in the core
 * (src/core/dossier-format.ts, dependency-free), which builds and verifies it.
 */
// @ts-nocheck

export * from '../core/dossier-format';
