#!/usr/bin/env node
// The `mlops` executable. Everything past argument parsing is imported by the command that needs it.
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2));
