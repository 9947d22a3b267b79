import { fileURLToPath } from 'node:url';

/**
 * The folder of the built web UI (index.html and assets/), which `@mlops-ts/server` serves
 * at `/` with `createTrackingServer(mlops, { ui: true })`. The same folder from the built
 * module and from its source (`../dist/app` of either).
 */
export const uiAssetsPath: string = fileURLToPath(new URL('../dist/app/', import.meta.url)).replace(/[\\/]$/, '');
