/** The closure dossier resolver on the panel's function (`panel-resolver`), authorised as the panel. */
import type Resolver from '@forge/resolver';
import { getDossier } from '../services/dossier';
import { define, epicOf } from './envelope';
import { schemas } from './schemas';

export function defineDossier(resolver: Resolver): void {
  define(resolver, 'getDossier', schemas.empty, ({ caller, context }) => getDossier(caller, epicOf(context)));
}
