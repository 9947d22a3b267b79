import { exitCodes } from './exit-codes.js';

/**
 * Runs `mlops` with `argv` (the arguments after the executable) and resolves to the exit
 * status. Results go to stdout, messages and errors to stderr.
 *
 * @example
 * process.exitCode = await runCli(['runs', 'list', 'iris', '--json']);
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [{ createProgram }, { CommanderError }] = await Promise.all([import('./program.js'), import('@commander-js/extra-typings')]);
  const isCompleting = argv[0] === 'complete' && !argv.includes('--help') && !argv.includes('-h');
  const program = createProgram({ isCompleting });
  if (isCompleting) {
    // Shell completion reads the whole command tree; only `mlops complete …` pays for it.
    const { default: tab } = await import('@bomb.sh/tab/commander');
    tab(program as never);
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : exitCodes.OK;
  } catch (error) {
    // Commander has printed its message (or the help / version) already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? exitCodes.OK : exitCodes.USAGE;
    throw error;
  }
}
