/**
 * Builds one Custom UI app per mode: `vite build --config static/vite.config.mts --mode panel|settings`.
 * Output: static/<app>/build with relative asset paths (Forge serves resources from a sub-path).
 */
// @ts-nocheck

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const APPS = ['panel', 'settings', 'portfolio', 'gadget'] as const;

export default defineConfig(({ mode }) => {
  const app = (APPS as readonly string[]).includes(mode) ? mode : null;
  if (!app) throw new Error(`--mode must be one of ${APPS.join(', ')} (got "${mode}")`);
  return {
    root: path.join(here, app),
    base: './',
    plugins: [react()],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: path.join(here, app, 'build'),
      emptyOutDir: true,
      sourcemap: false,
      target: 'es2020',
      chunkSizeWarningLimit: 600,
    },
    logLevel: 'warn',
  };
});
