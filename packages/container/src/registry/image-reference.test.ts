import { describe, expect, it } from 'vitest';

import { parseImageReference, validateTag } from './image-reference.js';

describe('parseImageReference', () => {
  it('reads registry, repository, tag and digest as the Docker CLI does', () => {
    expect(parseImageReference('127.0.0.1:5000/base/node:22')).toEqual({ registry: '127.0.0.1:5000', repository: 'base/node', tag: '22' });
    expect(parseImageReference('node:22-slim')).toEqual({ registry: 'docker.io', repository: 'library/node', tag: '22-slim' });
    expect(parseImageReference('localhost/team/app')).toEqual({ registry: 'localhost', repository: 'team/app' });
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseImageReference(`registry.example.com/team/app:1@${digest}`)).toEqual({ registry: 'registry.example.com', repository: 'team/app', tag: '1', digest });
  });

  it('refuses references, tags and digests outside the grammar with INVALID_ARGUMENT', () => {
    for (const bad of ['', 'Upper/Case:1', 'registry.example.com/team/app:bad tag', 'registry.example.com/app@sha256:short', 'registry.example.com/../app', 'https://registry.example.com/app']) {
      expect(() => parseImageReference(bad), bad).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
    for (const bad of ['-leading', '.dot', 'a'.repeat(129), 'semi;colon', 'new\nline']) {
      expect(() => validateTag(bad), bad).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
    expect(validateTag('iris-classifier-3')).toBe('iris-classifier-3');
  });
});
