import type { BlockBlobClient } from '@azure/storage-blob';
import type { CopySource } from './copy-source.js';

/** Size of each block copied with Put Block From URL: accepted by every service version. */
const copyBlockBytes = 100 * 1024 * 1024;

/**
 * Copies a large blob server-side block by block (Put Block From URL), then commits the
 * block list: the destination switches to the new content in one step, so a reader sees
 * the old blob or the new one whole. Uncommitted blocks of a failed copy are discarded by
 * the service.
 */
export async function copyInBlocks(
  destination: BlockBlobClient,
  source: CopySource,
  sourceSizeBytes: number,
  concurrency: number,
): Promise<void> {
  const blockIdPrefix = crypto.randomUUID();
  const blocks: { id: string; offset: number; count: number }[] = [];
  for (let offset = 0, index = 0; offset < sourceSizeBytes; offset += copyBlockBytes, index++) {
    const id = Buffer.from(`${blockIdPrefix}-${String(index).padStart(6, '0')}`).toString('base64');
    blocks.push({ id, offset, count: Math.min(copyBlockBytes, sourceSizeBytes - offset) });
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < blocks.length) {
      const block = blocks[next++]!;
      await destination.stageBlockFromURL(block.id, source.url, block.offset, block.count, {
        sourceAuthorization: source.sourceAuthorization,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, blocks.length)) }, worker));
  await destination.commitBlockList(blocks.map((block) => block.id));
}
