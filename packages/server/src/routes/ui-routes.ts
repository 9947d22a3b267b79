import { existsSync } from 'node:fs';
import path from 'node:path';
import { MLOpsError } from '@mlops-ts/core';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

/** What `ui` may say: serve @mlops-ts/ui, or the built UI files in `root`. */
export type UiOption = boolean | { root: string };

const uiPackage = '@mlops-ts/ui';

/**
 * The folder of built UI files: @mlops-ts/ui's (an optional peer, imported only when the
 * UI is asked for) or the one given.
 * @throws MLOpsError NOT_FOUND when the package is not installed or the folder holds no built UI.
 */
export async function resolveUiRoot(ui: true | { root: string }): Promise<string> {
  let root: string;
  if (ui === true) {
    let loaded: { uiAssetsPath: string };
    try {
      // A variable specifier: the package is an optional peer, resolved at run time only.
      const specifier = uiPackage;
      loaded = (await import(specifier)) as { uiAssetsPath: string };
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException)?.code !== 'ERR_MODULE_NOT_FOUND') throw cause;
      throw new MLOpsError('NOT_FOUND', `The web UI needs the package ${uiPackage}, which is not installed. Install it beside @mlops-ts/server: npm i ${uiPackage}`, { cause });
    }
    root = loaded.uiAssetsPath;
  } else {
    root = path.resolve(ui.root);
  }
  if (!existsSync(path.join(root, 'index.html'))) {
    throw new MLOpsError('NOT_FOUND', `The folder ${root} holds no built web UI (index.html is missing). Reinstall ${uiPackage}, or build it in a checkout with pnpm --filter ${uiPackage} build.`);
  }
  return root;
}

// The page loads only its own files and talks only to this server.
const pageHeaders = {
  'cache-control': 'no-cache',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The web UI at `/`: its page, and its content-hashed assets cached for good. They hold no
 * data, so they need no token (the page asks for one and sends it with each API call).
 */
export const uiRoutes: FastifyPluginAsync<{ root: string }> = async (app, { root }) => {
  // Cache headers are set per route below.
  await app.register(fastifyStatic, { root, serve: false, decorateReply: true, index: false, cacheControl: false });
  const open = { config: { scope: 'none' as const }, schema: { hide: true } };
  app.get('/', open, (_request, reply) => reply.headers(pageHeaders).sendFile('index.html'));
  app.get('/favicon.svg', open, (_request, reply) => reply.header('cache-control', 'public, max-age=86400').sendFile('favicon.svg'));
  app.get<{ Params: { '*': string } }>('/assets/*', open, (request, reply) =>
    reply.headers({ 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' }).sendFile(`assets/${request.params['*']}`),
  );
};
