import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalFileModelRepository } from '../src/index.js';
// Relative import: the kit depends on the core, so the core cannot list the kit as a dependency.
import { describeModelRepository } from '../../provider-tests/src/index.js';

describeModelRepository(
  'local-file',
  async () => new LocalFileModelRepository({ rootDir: await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-local-file-')) }),
  { cleanup: (repository) => fs.rm((repository as LocalFileModelRepository).rootDir, { recursive: true, force: true }) },
);
