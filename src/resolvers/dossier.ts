/** The closure dossier resolvers on the panel's function (`panel-resolver`), authorised as the panel: the dossier, and the check of a dossier file. */
import type Resolver from '@forge/resolver';
import { checkDossierFile, getDossier, getDossierPdf } from '../services/records/dossier';
import { define, epicOf } from './envelope';
import { schemas } from './schemas';

export function defineDossier(resolver: Resolver): void {
  define(resolver, 'getDossier', schemas.empty, ({ caller, context }) => getDossier(caller, epicOf(context)));
  define(resolver, 'getDossierPdf', schemas.empty, ({ caller, context }) => getDossierPdf(caller, epicOf(context)));
  define(resolver, 'verifyDossier', schemas.verifyDossier, ({ caller, context, payload }) =>
    checkDossierFile(caller, epicOf(context), payload.text),
  );
}
