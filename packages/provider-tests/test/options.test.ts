import { InMemoryMetadataStore, LocalFileModelRepository } from '@mlops-ts/core';
import { describeMetadataStore, describeModelRepository, metadataStoreSuiteNames, modelRepositorySuiteNames } from '@mlops-ts/provider-tests';
import { describe, expect, it } from 'vitest';

describe('conformance options', () => {
  it('an unknown name in options.skip throws and names the valid ones, so a typo never skips silently', () => {
    expect(() => describeMetadataStore('typo', () => new InMemoryMetadataStore(), { skip: ['concurrancy'] })).toThrow(/concurrancy.*concurrency/s);
    expect(() => describeModelRepository('typo', () => new LocalFileModelRepository({ rootDir: '.' }), { skip: ['large_object'] })).toThrow(
      /large_object.*large-object/s,
    );
  });

  it('lists the concerns each suite registers', () => {
    expect(metadataStoreSuiteNames).toContain('concurrency');
    expect(modelRepositorySuiteNames).toEqual(['basics', 'streaming', 'atomic-replace', 'key-validation', 'key-layout', 'download-url', 'deployment-copies', 'first-release-layout']);
  });
});
