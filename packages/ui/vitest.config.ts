import { defineProject, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// Browser suites: one real server process and one headless Chromium for the whole file.
export default mergeConfig(shared, defineProject({ test: { name: 'ui', testTimeout: 60_000, hookTimeout: 180_000, globalSetup: ['./test/support/global-setup.ts'], typecheck: { enabled: false } } }));
