import { existsSync } from 'node:fs';
import { binPath } from './run-mlops.js';

/** The tests run the built command as a user would: say how to build it when it is missing. */
export default function setup(): void {
  if (!existsSync(binPath)) {
    throw new Error(`${binPath} is missing: the CLI tests spawn the built mlops binary. Build it first: pnpm turbo run build --filter=@mlops-ts/cli...`);
  }
}
