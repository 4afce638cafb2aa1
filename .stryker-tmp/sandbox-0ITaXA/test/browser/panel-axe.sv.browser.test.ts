/** axe-core on the panel and the settings page in sv-SE (the suite: ./panel-axe.ts). */
// @ts-nocheck

import { panelAxeSuite } from './panel-axe';

panelAxeSuite('sv-SE');
