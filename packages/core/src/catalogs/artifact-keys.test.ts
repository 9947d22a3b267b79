import { describe, expect, it } from 'vitest';
import { limits } from '../validation.js';
import { deploymentKey, runArtifactKey } from './artifact-keys.js';

function nameSegments(experiment: string, target: string): [string, string] {
  const [, experimentSegment, targetSegment] = deploymentKey(experiment, target, 'model.onnx').split('/');
  return [experimentSegment!, targetSegment!];
}

describe('artifact keys', () => {
  it('run artifacts live under runs/{runId}/ with their name as given', () => {
    expect(runArtifactKey('0190-run', 'onnx/model.onnx')).toBe('runs/0190-run/onnx/model.onnx');
  });

  it.each([
    ['iris', 'Production', 'deployments/iris/Production/model.onnx'],
    ['my experiment', 'Stage (eu)', 'deployments/my%20experiment/Stage%20(eu)/model.onnx'],
    ['team/iris', 'v1.2', 'deployments/team%2Firis/v1.2/model.onnx'],
    ['modèle', 'a..b', 'deployments/mod%C3%A8le/a..b/model.onnx'],
  ])('ordinary names keep the keys they always had (%s, %s)', (experiment, target, key) => {
    expect(deploymentKey(experiment, target, 'onnx/model.onnx')).toBe(key);
  });

  it.each([
    ['.', '%2E'],
    ['..', '%2E%2E'],
    ['...', '%2E%2E%2E'],
    ['.hidden', '%2Ehidden'],
    ['../..', '%2E%2E%2F..'],
  ])('encodes the leading dots of %j, so no segment is . or ..', (name, segment) => {
    expect(nameSegments(name, name)).toEqual([segment, segment]);
  });

  it('names already written with percent signs never meet encoded dots', () => {
    const segments = ['..', '%2E%2E', '%2e%2e', '%252E%252E'].map((name) => nameSegments(name, 'Test')[0]);
    expect(new Set(segments).size).toBe(4);
  });

  it(`keeps a segment of exactly ${limits.artifactNameSegmentBytes} bytes and shortens a longer one with a digest`, () => {
    const fits = 'x'.repeat(limits.artifactNameSegmentBytes);
    expect(nameSegments(fits, 'Test')[0]).toBe(fits);
    const [shortened, other] = [`${fits}a`, `${fits}b`].map((name) => nameSegments(name, 'Test')[0]) as [string, string];
    expect(shortened).toMatch(new RegExp(`^x+@[0-9a-f]{32}$`));
    expect(shortened.length).toBeLessThanOrEqual(limits.artifactNameSegmentBytes);
    expect(other).not.toBe(shortened);
  });

  it('shortens long non-ASCII names without cutting an escape in half', () => {
    const [segment] = nameSegments('模'.repeat(100), 'Test');
    expect(segment!.length).toBeLessThanOrEqual(limits.artifactNameSegmentBytes);
    const beginning = segment!.slice(0, segment!.lastIndexOf('@'));
    expect(decodeURIComponent(beginning)).toMatch(/^模+$/);
  });

  it('gives names with a broken surrogate a segment of their own instead of throwing URIError', () => {
    const [broken] = nameSegments('model-\uD83D', 'Test');
    const [replaced] = nameSegments('model-\uFFFD', 'Test');
    expect(broken).toMatch(/^model-%EF%BF%BD@[0-9a-f]{32}$/);
    expect(replaced).toBe('model-%EF%BF%BD');
  });
});
