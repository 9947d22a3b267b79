import { defineConfig } from 'vitest/config';
import full from './vitest.config.js';

// The subset `.ci/run` runs on Node 22 and 24 (the full suite runs on the machine's Node 20):
// every project except the slow suites that run against an external server. They test the
// server's behaviour more than Node's, and leaving them out keeps CI within its time budget as
// the project grows. Add browser and container suites here, each with its reason.
const leftOut: Record<string, string> = {
  'packages/postgres': 'runs against a real PostgreSQL server, the slowest suite (about twice the Cosmos DB one)',
  'packages/container': 'builds images and runs them with podman and a docker-registry (about 40 s); the images run their own Node release, whatever runs the builder',
};

for (const [project, why] of Object.entries(leftOut)) {
  console.warn(`node-compat subset: skipping ${project} on Node ${process.versions.node}: ${why}; it runs in the full suite on Node 20`);
}

export default defineConfig({
  test: {
    projects: [...(full.test?.projects ?? []), ...Object.keys(leftOut).map((project) => `!${project}/**`)],
  },
});
