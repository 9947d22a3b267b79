import { describe, expect, it } from 'vitest';

import { kubernetesName, labelValue } from './kubernetes-names.js';

const rfc1123Label = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

describe('kubernetesName', () => {
  it('keeps names that already fit, and adds a hash whenever a name had to change', () => {
    expect(kubernetesName('iris', 'production')).toBe('iris-production');
    expect(kubernetesName('Iris Classifier', 'Production')).toMatch(/^iris-classifier-production-[0-9a-f]{8}$/);
  });

  it('never gives two different model/target pairs one name, even when they clean up alike or share a long start', () => {
    const pairs: [string, string][] = [
      ['Iris', 'Production'],
      ['iris', 'Production'],
      ['iris_', 'production'],
      ['iris', 'production'],
      ['a'.repeat(80), 'x'],
      [`${'a'.repeat(80)}b`, 'x'],
      ['3d-model', 'stage'],
      ['模型', 'prod'],
      ['', ''],
    ];
    const names = pairs.map(([model, target]) => kubernetesName(model, target));
    expect(new Set(names).size).toBe(pairs.length);
    for (const name of names) expect(name, name).toMatch(rfc1123Label);
  });
});

describe('labelValue', () => {
  it('keeps valid values and makes others valid with a hash', () => {
    expect(labelValue('Production')).toBe('Production');
    for (const text of ['models:/iris@champion', ' ', 'x'.repeat(100), 'über']) {
      expect(labelValue(text), text).toMatch(/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/);
    }
    expect(labelValue('a b')).not.toBe(labelValue('a-b'));
  });
});
