/**
 * @kayttoonotto/forge-sandbox: a local Jira Cloud REST emulator and Forge runtime harness that run a Forge app's real
 * handlers and Custom UI on one machine (README.md). Deeper parts by subpath: `/jira`, `/forge`, `/host`, `/jira/seed`…
 */
export { createSandbox, SandboxStartError, type Sandbox, type SandboxOptions } from './sandbox';
export { createHostHandler, DEFAULT_ACTOR_EMAIL, SETTINGS_PATH, type HostHandler } from './host';
export { defaultAppDir, defaultManifestPath } from './app-dir';
