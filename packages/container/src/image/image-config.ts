import type { BaseImage } from '../registry/resolve-base-image.js';
import { mediaTypes, type Descriptor, type ImageConfig, type ImageManifest } from '../registry/media-types.js';
import type { BuiltLayer } from './reproducible-layer.js';

/** What the new image runs and says about itself, on top of the base image's config. */
export interface ImageSettings {
  /** The command, e.g. ['node', '/app/server.mjs']; replaces the base image's entrypoint and command. */
  entrypoint: string[];
  /** Added to the base image's environment; a name set in both takes this value. */
  env: Record<string, string>;
  /** User (and group) the container runs as, e.g. '65532:65532'. */
  user: string;
  workingDir: string;
  /** TCP ports the server listens on. */
  exposedPorts: number[];
  /** Added to the base image's labels. */
  labels: Record<string, string>;
  /** The image's creation time (ISO 8601), fixed by the caller so the config stays reproducible. */
  created: string;
}

/** The new image config: the base's, with the added layers' diff ids, history entries and the settings. */
export function buildImageConfig(base: BaseImage, layers: readonly BuiltLayer[], settings: ImageSettings): ImageConfig {
  const baseRuntime = base.config.config ?? {};
  const env = new Map((baseRuntime.Env ?? []).map((entry) => [entry.split('=', 1)[0]!, entry] as const));
  if (!env.has('PATH')) env.set('PATH', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  for (const [name, value] of Object.entries(settings.env)) env.set(name, `${name}=${value}`);
  const exposedPorts: Record<string, object> = { ...(baseRuntime.ExposedPorts ?? {}) };
  for (const port of settings.exposedPorts) exposedPorts[`${port}/tcp`] = {};
  return {
    ...base.config,
    created: settings.created,
    config: {
      ...baseRuntime,
      User: settings.user,
      Env: [...env.values()],
      Entrypoint: settings.entrypoint,
      Cmd: null,
      WorkingDir: settings.workingDir,
      ExposedPorts: exposedPorts,
      Labels: { ...(baseRuntime.Labels ?? {}), ...settings.labels },
      StopSignal: 'SIGTERM',
    },
    rootfs: { type: 'layers', diff_ids: [...base.config.rootfs.diff_ids, ...layers.map((layer) => layer.diffId)] },
    history: [...(base.config.history ?? []), ...layers.map((layer) => ({ created: settings.created, created_by: `@mlops-ts/container: ${layer.description}` }))],
  };
}

/**
 * The new manifest, in the base image's format: a Docker v2 schema 2 base gives a Docker
 * manifest with Docker layer types (some registries refuse mixed types), anything else OCI.
 */
export function buildImageManifest(base: BaseImage, layers: readonly BuiltLayer[], config: Descriptor, annotations: Record<string, string>): ImageManifest {
  const isDocker = base.mediaType === mediaTypes.dockerManifest;
  const layerType = isDocker ? mediaTypes.dockerLayerGzip : mediaTypes.ociLayerGzip;
  return {
    schemaVersion: 2,
    mediaType: isDocker ? mediaTypes.dockerManifest : mediaTypes.ociManifest,
    config: { mediaType: isDocker ? mediaTypes.dockerConfig : mediaTypes.ociConfig, digest: config.digest, size: config.size },
    layers: [...base.manifest.layers, ...layers.map((layer) => ({ mediaType: layerType, digest: layer.digest, size: layer.size }))],
    // Docker manifests have no annotations field.
    ...(isDocker ? {} : { annotations }),
  };
}
