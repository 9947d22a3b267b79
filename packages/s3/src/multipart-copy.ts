import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';

/** The largest object a single CopyObject may copy: 5 GiB. */
export const maxSingleCopyBytes = 5 * 1024 ** 3;

/** Size of each part of a multipart copy: 512 MiB keeps a 5 TiB object under 10,000 parts. */
const copyPartBytes = 512 * 1024 ** 2;

/** What `copyInParts` copies. */
export interface MultipartCopyRequest {
  client: S3Client;
  bucket: string;
  /** Already URL-encoded `bucket/key` of the source. */
  copySource: string;
  /** The source's ETag, so every part copies the same version of it. */
  sourceETag: string | undefined;
  sourceSizeBytes: number;
  destinationKey: string;
  concurrency: number;
}

/**
 * Copies an object larger than 5 GiB server-side with UploadPartCopy. The destination
 * appears only when the upload completes, so readers never see part of it; on failure the
 * upload is aborted and no parts are left behind.
 */
export async function copyInParts(request: MultipartCopyRequest): Promise<void> {
  const { client, bucket, destinationKey } = request;
  const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: destinationKey }));
  const uploadId = created.UploadId;
  try {
    const ranges: { partNumber: number; first: number; last: number }[] = [];
    for (let first = 0, partNumber = 1; first < request.sourceSizeBytes; first += copyPartBytes, partNumber++) {
      ranges.push({ partNumber, first, last: Math.min(first + copyPartBytes, request.sourceSizeBytes) - 1 });
    }
    const parts: CompletedPart[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ranges.length) {
        const range = ranges[next++]!;
        const result = await client.send(
          new UploadPartCopyCommand({
            Bucket: bucket,
            Key: destinationKey,
            UploadId: uploadId,
            PartNumber: range.partNumber,
            CopySource: request.copySource,
            CopySourceRange: `bytes=${range.first}-${range.last}`,
            CopySourceIfMatch: request.sourceETag,
          }),
        );
        parts.push({ PartNumber: range.partNumber, ETag: result.CopyPartResult?.ETag });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(request.concurrency, ranges.length)) }, worker));
    parts.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    await client.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: destinationKey, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
    );
  } catch (error) {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: destinationKey, UploadId: uploadId })).catch(() => undefined);
    throw error;
  }
}
