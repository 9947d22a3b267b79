import { afterAll, describe, expect, it } from 'vitest';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { createProgram } from '../src/program.js';
import { runMlops, temporaryProject } from './support/run-mlops.js';

const project = temporaryProject();
const cwd = project.folder;
afterAll(() => project.remove());

/** Every runnable command, as the words that name it: [['runs', 'list'], ['doctor'], …]. */
function leafCommands(command: CommandUnknownOpts, prefix: string[] = []): string[][] {
  const children = command.commands as CommandUnknownOpts[];
  if (children.length === 0) return [prefix];
  return children.flatMap((child) => leafCommands(child, [...prefix, child.name()]));
}

describe('help', () => {
  const commands = leafCommands(createProgram() as unknown as CommandUnknownOpts);

  it('declares every command of the README', () => {
    const names = commands.map((words) => words.join(' '));
    for (const expected of ['config show', 'config set store', 'config set repository', 'doctor', 'experiments list', 'experiments show', 'experiments create', 'experiments rename', 'experiments delete', 'experiments restore', 'experiments tag', 'runs list', 'runs show', 'runs search', 'runs compare', 'runs best', 'runs delete', 'runs restore', 'runs create', 'runs end', 'metrics list', 'metrics history', 'metrics log', 'confusion-matrix', 'data', 'artifacts list', 'artifacts upload', 'artifacts download', 'models list', 'models show', 'models search', 'versions', 'register', 'alias set', 'alias delete', 'targets list', 'targets create', 'targets delete', 'deploy', 'undeploy', 'history', 'rollback', 'uri', 'purge', 'serve', 'complete']) {
      expect(names).toContain(expected);
    }
  });

  it('every command prints generated help with examples, exit status 0', { timeout: 120_000 }, async () => {
    for (const words of commands) {
      const result = await runMlops([...words, '--help'], { cwd });
      expect(result.exitCode, words.join(' ')).toBe(0);
      expect(result.stdout, words.join(' ')).toMatch(new RegExp(`^Usage: mlops ${words.join(' ')}`));
      expect(result.stdout, words.join(' ')).toMatch(/\nExamples:\n {2}\$ (mlops|\S+=|RUN=|curl|source)/);
    }
  });

  it('--version prints the package version alone', async () => {
    const result = await runMlops(['--version'], { cwd });
    expect(result).toEqual({ stdout: expect.stringMatching(/^\d+\.\d+\.\d+\S*\n$/), stderr: '', exitCode: 0 });
  });

  it('a command group without a sub-command shows its help as a usage error', async () => {
    const result = await runMlops(['runs'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/Usage: mlops runs/);
  });
});

describe('shell completion', () => {
  it.each(['bash', 'zsh', 'fish'])('complete %s prints a script for that shell', async (shell) => {
    const result = await runMlops(['complete', shell], { cwd });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`${shell} completion for mlops`);
    expect(result.stdout).toContain('mlops complete --');
  });

  it('completes commands, options and option choices', async () => {
    expect((await runMlops(['complete', '--', 'runs', 'l'], { cwd })).stdout).toMatch(/^list\tlist the runs of an experiment/m);
    expect((await runMlops(['complete', '--', 'runs', 'list', '--li'], { cwd })).stdout).toMatch(/^--lifecycle\t.*\n--limit\t/m);
    expect((await runMlops(['complete', '--', 'runs', 'end', 'x', '--status', ''], { cwd })).stdout).toMatch(/^finished\t?\nfailed\t?\nkilled/m);
  });
});
