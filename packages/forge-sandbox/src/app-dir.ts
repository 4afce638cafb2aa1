/**
 * The Forge app the sandbox runs: the folder of its manifest.yml (handlers under src/, translations and Custom UI
 * resources at the paths the manifest names). Every part takes it as an option (`manifestPath`, `rootDir`,
 * `installAppFields`, `installEntityPropertyIndex`); the default is $FORGE_APP_DIR, else the current directory,
 * as the Forge CLI runs in the app's folder. The package itself knows no app.
 */
import { resolve } from 'node:path';

export function defaultAppDir(): string {
  return resolve(process.env.FORGE_APP_DIR ?? process.cwd());
}

export function defaultManifestPath(): string {
  return resolve(defaultAppDir(), 'manifest.yml');
}
