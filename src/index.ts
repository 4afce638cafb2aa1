// Wires the resolver functions declared in manifest.yml (the workflow validators: gates.ts; the event,
// queue and scheduled functions: background.ts). No logic lives here.
// The resolver builders are marked pure, so that a bundler leaves them out of another function's bundle.
import { panelResolver as buildPanelResolver } from './resolvers/panel';
import { settingsResolver as buildSettingsResolver } from './resolvers/settings';
import { portfolioResolver as buildPortfolioResolver } from './resolvers/portfolio';

export const panelResolver = /* @__PURE__ */ buildPanelResolver();
export const settingsResolver = /* @__PURE__ */ buildSettingsResolver();
export const portfolioResolver = /* @__PURE__ */ buildPortfolioResolver();
