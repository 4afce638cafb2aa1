/** axe-core on the panel and the settings page in en-US (the suite: ./panel-axe.ts). */
// @ts-nocheck

import { panelAxeSuite } from './panel-axe';

panelAxeSuite('en-US');
