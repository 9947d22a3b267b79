import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeMetadataStore } from '@mlops-ts/provider-tests';
import { afterAll } from 'vitest';
import { SQLiteMetadataStore } from '../src/index.js';

// Each test gets a new database file of its own in this file's temporary folder.
const folder = mkdtempSync(path.join(os.tmpdir(), 'mlops-sqlite-conformance-'));
let databaseCount = 0;

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describeMetadataStore('sqlite', () => new SQLiteMetadataStore({ path: path.join(folder, `test-${++databaseCount}.db`) }));

describeMetadataStore('sqlite (:memory:)', () => new SQLiteMetadataStore({ path: ':memory:' }));
