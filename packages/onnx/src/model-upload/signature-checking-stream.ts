import { PassThrough, Transform, type Readable } from 'node:stream';
import { once } from 'node:events';

import type { OnnxSignature } from '../signature/onnx-signature-decoder.js';
import { readOnnxSignatureFromStream } from '../signature/read-onnx-signature-from-stream.js';

/**
 * Passes a model stream through unchanged while reading its signature from the same
 * chunks, and holds back the end of the stream until the signature is read: a repository
 * writes atomically on end, so a stream that is not ONNX fails the upload instead of being
 * stored. Bytes that are not ONNX from the start fail it at once, without reading the rest.
 * Destroying the returned stream settles `signature` too (rejected) and destroys `source`.
 */
export function checkSignatureWhileStreaming(source: Readable): { stream: Readable; signature: Promise<OnnxSignature> } {
  const tap = new PassThrough();
  const signature = readOnnxSignatureFromStream(tap);
  const checked = new Transform({
    async transform(chunk: Buffer, _encoding, callback) {
      try {
        if (!tap.destroyed && !tap.write(chunk)) await Promise.race([once(tap, 'drain'), signature]);
        callback(null, chunk);
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback) {
      tap.end();
      signature.then(
        () => callback(),
        (error: Error) => callback(error),
      );
    },
  });
  // Not ONNX: stop the upload now rather than after the whole stream has been sent.
  signature.catch((error: Error) => {
    source.unpipe(checked);
    source.destroy();
    checked.destroy(error);
  });
  // Closed before its end (the catalog refused the upload, or the caller gave up): stop
  // reading the signature and release the caller's stream, as an upload does.
  checked.on('close', () => {
    if (checked.writableFinished) return;
    tap.destroy();
    source.unpipe(checked);
    source.destroy();
  });
  source.on('error', (error) => {
    tap.destroy(error);
    checked.destroy(error);
  });
  source.pipe(checked);
  return { stream: checked, signature };
}
