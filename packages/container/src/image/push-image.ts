import { createHash } from 'node:crypto';

import type { RegistryClient } from '../registry/registry-client.js';
import type { BaseImage } from '../registry/resolve-base-image.js';
import { buildImageConfig, buildImageManifest, type ImageSettings } from './image-config.js';
import type { BuiltLayer } from './reproducible-layer.js';

/** How one blob reached the target repository. */
export type BlobTransfer = 'existing' | 'mounted' | 'uploaded';

/** An image pushed to a registry. */
export interface PushedImage {
  /** `registry/repository@sha256:…`: the reference that always names these bytes. */
  reference: string;
  /** `registry/repository:tag`. */
  taggedReference: string;
  registry: string;
  repository: string;
  tag: string;
  /** The manifest's digest. */
  digest: string;
  mediaType: string;
  /** The base image's manifest digest. */
  baseDigest: string;
  /** Bytes sent in blob uploads and the manifest (blobs the registry had or mounted cost none). */
  pushedBytes: number;
  /** Every blob of the image (config first, then layers) and how it got there. */
  blobs: { digest: string; size: number; transfer: BlobTransfer }[];
}

/** What {@link pushImage} needs. */
export interface PushImageInput {
  base: BaseImage;
  /** The client of the base image's registry (the target's own when they are the same). */
  baseClient: RegistryClient;
  target: RegistryClient;
  repository: string;
  tag: string;
  layers: readonly BuiltLayer[];
  settings: ImageSettings;
  /** Upload blobs larger than this in PATCH chunks of this size; default one PUT per blob. */
  chunkSizeBytes?: number;
}

const sha256 = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/**
 * Writes the new config and manifest and pushes the image: every blob the repository lacks
 * is mounted from the base image's repository when both are on one registry, else uploaded
 * (base layers from another registry are copied through this process); then the manifest
 * under the tag.
 */
export async function pushImage(input: PushImageInput): Promise<PushedImage> {
  const { base, baseClient, target, repository, tag, layers, settings } = input;
  const config = Buffer.from(JSON.stringify(buildImageConfig(base, layers, settings)));
  const configDescriptor = { mediaType: '', digest: sha256(config), size: config.length };
  const annotations = {
    'org.opencontainers.image.base.name': `${base.reference.registry}/${base.reference.repository}${base.reference.tag ? `:${base.reference.tag}` : ''}`,
    'org.opencontainers.image.base.digest': base.digest,
  };
  const manifest = buildImageManifest(base, layers, configDescriptor, annotations);
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const sameRegistry = baseClient.registry === target.registry;
  const ownLayers = new Map(layers.map((layer) => [layer.digest, layer]));

  let pushedBytes = 0;
  const blobs: PushedImage['blobs'] = [];
  const send = async (digest: string, size: number, bytes: () => Promise<Buffer>): Promise<void> => {
    let transfer: BlobTransfer = 'existing';
    if (!(await target.hasBlob(repository, digest))) {
      const isBaseBlob = !ownLayers.has(digest) && digest !== configDescriptor.digest;
      if (isBaseBlob && sameRegistry && base.reference.repository !== repository && (await target.mountBlob(repository, digest, base.reference.repository))) {
        transfer = 'mounted';
      } else {
        const body = await bytes();
        await target.uploadBlob(repository, digest, body, input.chunkSizeBytes);
        pushedBytes += body.length;
        transfer = 'uploaded';
      }
    }
    blobs.push({ digest, size, transfer });
  };
  await send(configDescriptor.digest, config.length, async () => config);
  for (const layer of manifest.layers) {
    const own = ownLayers.get(layer.digest);
    await send(layer.digest, layer.size, async () => own?.gzip ?? baseClient.getBlob(base.reference.repository, layer.digest));
  }
  const digest = await target.putManifest(repository, tag, manifestBytes, manifest.mediaType!);
  pushedBytes += manifestBytes.length;
  return {
    reference: `${target.registry}/${repository}@${digest}`,
    taggedReference: `${target.registry}/${repository}:${tag}`,
    registry: target.registry,
    repository,
    tag,
    digest,
    mediaType: manifest.mediaType!,
    baseDigest: base.digest,
    pushedBytes,
    blobs,
  };
}
