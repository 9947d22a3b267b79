import { describe, expect, it } from 'vitest';
import { removeCredentials } from './remote-url.js';

describe('removeCredentials', () => {
  it.each([
    ['https://gitlab-ci-token:glcbt-secret@gitlab.example.com/team/churn.git', 'https://gitlab.example.com/team/churn.git'],
    ['https://ghp_secretToken@github.com/org/repo.git', 'https://github.com/org/repo.git'],
    ['https://user:p%40ss@host.example/repo?private_token=secret#frag', 'https://host.example/repo'],
    ['https://org@dev.azure.com/org/project/_git/repo', 'https://dev.azure.com/org/project/_git/repo'],
    ['ssh://git:hunter2@host.example:2222/org/repo.git', 'ssh://git@host.example:2222/org/repo.git'],
    ['ssh://git@host.example/org/repo.git', 'ssh://git@host.example/org/repo.git'],
    ['git@github.com:org/repo.git', 'git@github.com:org/repo.git'],
    ['deploy:secret@host.example:org/repo.git', 'deploy@host.example:org/repo.git'],
    ['/srv/git/repo.git', '/srv/git/repo.git'],
    ['../sibling', '../sibling'],
  ])('%s becomes %s', (remote, expected) => {
    expect(removeCredentials(remote)).toBe(expected);
  });

  it('leaves no trace of the secret in any form', () => {
    for (const remote of ['https://a:s3cr3t@h.example/r', 'http://s3cr3t@h.example/r', 'ssh://a:s3cr3t@h.example/r', 'a:s3cr3t@h.example:r']) {
      expect(removeCredentials(remote)).not.toContain('s3cr3t');
    }
  });

  it('returns undefined for empty text or a URL that does not parse', () => {
    expect(removeCredentials('  ')).toBeUndefined();
    expect(removeCredentials('https://exa mple.com:99999/')).toBeUndefined();
  });
});
