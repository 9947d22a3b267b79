import { InMemoryMetadataStore } from '../src/index.js';
// Relative import: the kit depends on the core, so the core cannot list the kit as a dependency.
import { describeMetadataStore } from '../../provider-tests/src/index.js';

describeMetadataStore('in-memory', () => new InMemoryMetadataStore());
