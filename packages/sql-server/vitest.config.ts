import { defineProject, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The integration suites share the one database MLOPS_TEST_SQLSERVER names: one file at a time.
export default mergeConfig(shared, defineProject({ test: { name: 'sql-server', globalSetup: ['./test/global-setup.ts'], fileParallelism: false } }));
