#!/usr/bin/env node
// The `mlops` executable. Everything past argument parsing is imported by the command that needs it,
// and `mlops --version` alone answers before the parser is even loaded.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const { cliVersion } = await import('./cli-version.js');
  process.stdout.write(`${cliVersion()}\n`);
} else {
  const { runCli } = await import('./run-cli.js');
  process.exitCode = await runCli(argv);
}
