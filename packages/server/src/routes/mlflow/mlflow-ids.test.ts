import type { RunArtifact } from '@mlops-ts/core';
import { describe, expect, test } from 'vitest';
import { listArtifactFolder } from './mlflow-artifact-folders.js';
import { parseModelSource, parseRunArtifactPath } from './mlflow-ids.js';

const runId = '01890000-0000-7000-8000-000000000001';

describe('parseModelSource', () => {
  test.each([
    [`runs:/${runId}/model`, { kind: 'run-artifact', runId, path: 'model' }],
    [`runs:/${runId}/model/model.pkl`, { kind: 'run-artifact', runId, path: 'model/model.pkl' }],
    [`mlflow-artifacts:/0/${runId}/artifacts/model`, { kind: 'run-artifact', runId, path: 'model', mlflowExperimentId: '0' }],
    [`mlflow-artifacts://tracking.example:5000/7/${runId}/artifacts/my%20model`, { kind: 'run-artifact', runId, path: 'my model', mlflowExperimentId: '7' }],
    [`http://127.0.0.1:5000/api/2.0/mlflow-artifacts/artifacts/0/${runId}/artifacts/model`, { kind: 'run-artifact', runId, path: 'model', mlflowExperimentId: '0' }],
    ['models:/iris/3', { kind: 'model-version', uri: 'models:/iris/3' }],
  ])('reads %s', (source, expected) => {
    expect(parseModelSource(source)).toEqual(expected);
  });

  test.each(['s3://bucket/model', '/tmp/model', 'file:///tmp/model', `mlflow-artifacts:/0/${runId}/models/x`, 'not a uri', `http://host/other/${runId}`])('refuses %s, which is no run artifact here', (source) => {
    expect(() => parseModelSource(source)).toThrowError(/not an artifact of a run on this server/);
  });
});

describe('parseRunArtifactPath', () => {
  test('reads the experiment, run and artifact name, and nothing outside a run\'s artifacts', () => {
    expect(parseRunArtifactPath(`0/${runId}/artifacts/model/MLmodel`)).toEqual({ mlflowExperimentId: '0', runId, name: 'model/MLmodel' });
    expect(parseRunArtifactPath(`0/${runId}/artifacts`)).toEqual({ mlflowExperimentId: '0', runId, name: '' });
    expect(parseRunArtifactPath(`0/${runId}`)).toBeNull();
    // MLflow 3's logged models keep artifacts under <experiment>/models/<model id>/artifacts: not a run's.
    expect(parseRunArtifactPath('0/models/m-1/artifacts/x')).toBeNull();
  });
});

describe('listArtifactFolder', () => {
  const artifact = (name: string, sizeBytes: number): RunArtifact => ({ id: name, runId, name, sizeBytes, sha256: '', createdAt: 0 });
  const artifacts = [artifact('model/MLmodel', 10), artifact('model/data/weights.bin', 20), artifact('model.onnx', 30), artifact('notes.txt', 1)];

  test('lists files and folders directly inside a folder, sorted, with sizes for files only', () => {
    expect(listArtifactFolder(artifacts, '')).toEqual([
      { path: 'model', isDir: true },
      { path: 'model.onnx', isDir: false, sizeBytes: 30 },
      { path: 'notes.txt', isDir: false, sizeBytes: 1 },
    ]);
    expect(listArtifactFolder(artifacts, 'model')).toEqual([
      { path: 'model/MLmodel', isDir: false, sizeBytes: 10 },
      { path: 'model/data', isDir: true },
    ]);
  });

  test('a file or a missing folder lists nothing (how MLflow clients tell files from folders)', () => {
    expect(listArtifactFolder(artifacts, 'model.onnx')).toEqual([]);
    expect(listArtifactFolder(artifacts, 'missing')).toEqual([]);
  });
});
