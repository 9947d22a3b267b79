import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ModelRepository } from '@mlops-ts/core';

/** What a reader saw while deployments replaced the object it read. */
export interface DeployRaceResult {
  /** Complete reads, each of which matched one of the two models byte for byte. */
  reads: number;
  /** Reads that saw the new model. */
  readsOfNewModel: number;
  /** Reads that failed or saw bytes of neither model whole (must stay empty). */
  failures: string[];
}

function model(byte: number, sizeBytes: number): Buffer {
  const bytes = Buffer.alloc(sizeBytes, byte);
  bytes.write(`model-${byte}-${sizeBytes}`, 0);
  return bytes;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Deploys two models of different sizes, alternately, onto one key (by server-side copy
 * and by upload) while readers read that key in a loop. Every read must return one model
 * whole: never an error, never a mix or a truncation.
 */
export async function raceDeploysWithReaders(repository: ModelRepository, deployments = 16, readers = 2): Promise<DeployRaceResult> {
  const oldModel = model(1, 3 * 1024 * 1024);
  const newModel = model(2, 5 * 1024 * 1024 + 123);
  const known = new Map([
    [sha256(oldModel), 'old'],
    [sha256(newModel), 'new'],
  ]);
  const deployedKey = 'deployments/race/Production/model.onnx';
  await repository.put('runs/old/model.onnx', Readable.from([oldModel]));
  await repository.put('runs/new/model.onnx', Readable.from([newModel]));
  await repository.copy('runs/old/model.onnx', deployedKey);

  const result: DeployRaceResult = { reads: 0, readsOfNewModel: 0, failures: [] };
  let deploying = true;
  const read = async (): Promise<void> => {
    while (deploying) {
      try {
        const hash = createHash('sha256');
        for await (const chunk of await repository.get(deployedKey)) hash.update(chunk as Buffer);
        const which = known.get(hash.digest('hex'));
        if (which === undefined) result.failures.push('a read returned bytes of neither model');
        else {
          result.reads++;
          if (which === 'new') result.readsOfNewModel++;
        }
      } catch (error) {
        result.failures.push(`a read failed: ${String(error)}`);
      }
    }
  };
  const deploy = async (): Promise<void> => {
    try {
      for (let index = 0; index < deployments; index++) {
        const source = index % 2 === 0 ? 'runs/new/model.onnx' : 'runs/old/model.onnx';
        if (index % 4 < 2) await repository.copy(source, deployedKey);
        else await repository.put(deployedKey, Readable.from([index % 2 === 0 ? newModel : oldModel]));
      }
    } finally {
      deploying = false;
    }
  };
  await Promise.all([deploy(), ...Array.from({ length: readers }, read)]);
  return result;
}
