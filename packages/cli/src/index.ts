export { runCli } from './run-cli.js';
export { exitCodes, exitCodeOf, type ExitCodeName } from './exit-codes.js';
