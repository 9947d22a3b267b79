import { MLOpsError } from '@mlops-ts/core';

import { formatImageReference, type ImageReference } from './image-reference.js';
import { isIndexType, type ImageConfig, type ImageIndex, type ImageManifest, type Platform } from './media-types.js';
import type { RegistryClient } from './registry-client.js';

/** A base image read from its registry: the manifest for one platform and its config. */
export interface BaseImage {
  reference: ImageReference;
  /** Digest of the platform's image manifest. */
  digest: string;
  mediaType: string;
  manifest: ImageManifest;
  config: ImageConfig;
}

/** Parses 'linux/amd64' or 'linux/arm64/v8'. @throws MLOpsError INVALID_ARGUMENT. */
export function parsePlatform(platform: string): Platform {
  const [os, architecture, variant, ...rest] = platform.split('/');
  if (!os || !architecture || rest.length > 0 || !/^[a-z0-9]+$/.test(os + architecture + (variant ?? ''))) {
    throw new MLOpsError('INVALID_ARGUMENT', `Platform '${platform}' is not 'os/architecture[/variant]'. Pass e.g. 'linux/amd64' or 'linux/arm64'.`);
  }
  return { os, architecture, ...(variant ? { variant } : {}) };
}

const describePlatform = (platform: Platform | undefined): string => (platform ? [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/') : 'unknown');

/**
 * Reads a base image: its manifest, resolving an index (multi-platform image) to the
 * manifest of `platform`, and its config.
 * @throws MLOpsError NOT_FOUND when the image, or its manifest for the platform, does not exist.
 */
export async function resolveBaseImage(client: RegistryClient, reference: ImageReference, platform: Platform): Promise<BaseImage> {
  let fetched = await client.getManifest(reference.repository, reference.digest ?? reference.tag ?? 'latest');
  if (isIndexType(fetched.mediaType) || 'manifests' in fetched.manifest) {
    const index = fetched.manifest as ImageIndex;
    const match = index.manifests.find(
      (entry) =>
        entry.platform?.os === platform.os &&
        entry.platform.architecture === platform.architecture &&
        (platform.variant === undefined || entry.platform.variant === platform.variant),
    );
    if (!match) {
      throw new MLOpsError(
        'NOT_FOUND',
        `Base image '${formatImageReference(reference)}' has no image for ${describePlatform(platform)} (it has ${index.manifests.map((entry) => describePlatform(entry.platform)).join(', ') || 'none'}). Choose another platform or base image.`,
      );
    }
    fetched = await client.getManifest(reference.repository, match.digest);
  }
  const manifest = fetched.manifest as ImageManifest;
  if (!manifest.config || !Array.isArray(manifest.layers)) {
    throw new MLOpsError('UNSUPPORTED', `Base image '${formatImageReference(reference)}' has a manifest of type '${fetched.mediaType}', which is not an OCI or Docker v2 image. Use an image pushed in one of those formats.`);
  }
  const config = JSON.parse((await client.getBlob(reference.repository, manifest.config.digest)).toString('utf8')) as ImageConfig;
  if (config.os !== platform.os || config.architecture !== platform.architecture) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `Base image '${formatImageReference(reference)}' is built for ${config.os}/${config.architecture}, not ${describePlatform(platform)}. Pass the platform it is built for, or another base image.`,
    );
  }
  return { reference, digest: fetched.digest, mediaType: fetched.mediaType, manifest, config };
}
