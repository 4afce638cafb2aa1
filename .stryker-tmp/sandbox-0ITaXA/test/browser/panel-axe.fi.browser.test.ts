/** axe-core on the panel and the settings page in fi-FI (the suite: ./panel-axe.ts). */
// @ts-nocheck

import { panelAxeSuite } from './panel-axe';

panelAxeSuite('fi-FI');
