/** axe-core on the panel and the settings page in sv-SE (the suite: ./panel-axe.ts). */
import { panelAxeSuite } from './panel-axe';

panelAxeSuite('sv-SE');
