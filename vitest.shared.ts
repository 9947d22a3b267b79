import { defineProject } from 'vitest/config';

// Tests run the workspace packages from source (the '@mlops-ts/source' export condition),
// so a change is tested without a rebuild. Type tests read the built .d.ts files.
export default defineProject({
  resolve: { conditions: ['@mlops-ts/source'] },
  ssr: { resolve: { conditions: ['@mlops-ts/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
