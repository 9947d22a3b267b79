import { defineProject, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The tests spawn the built `mlops` binary (dist/bin.js): build the package first.
export default mergeConfig(shared, defineProject({ test: { name: 'cli', globalSetup: ['test/support/global-setup.ts'] } }));
