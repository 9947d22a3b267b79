import { createExampleFolder, type ExampleFolder } from '@mlops-ts/example-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs the pipeline as a user would, in an empty working folder.
describe('drift-monitoring pipeline', () => {
  let example: ExampleFolder;
  beforeAll(async () => {
    example = await createExampleFolder(new URL('../src/main.ts', import.meta.url));
  });
  afterAll(() => example.remove());

  it('raises no alarm on held-out penguins and flags the shifted ones, in the monitoring run and in /metrics', async () => {
    const stdout = await example.run();
    expect(stdout).toMatch(/held-out window\s+verdict (stable|warning) over 83 rows/);
    expect(stdout).not.toMatch(/held-out window[^\n]* drift \(/);
    expect(stdout).toMatch(/shifted window\s+verdict drift over 83 rows;[^\n]* bodyMassG drift \(/);
    expect(stdout).toMatch(/shifted window[^\n]* flipperLengthMm drift \(/);
    expect(stdout).toMatch(/shifted window[^\n]* beakDepthMm stable \(/);
    expect(stdout).toMatch(/alerts\s+step 1: [^;\n]*bodyMassG stable → drift/);
    expect(stdout).toMatch(/monitoring run\s+'monitoring penguin-drift v1 on Production' .*drift\.bodyMassG\.psi by step: 0 → 0\.\d+, 1 → [1-9]/);
    expect(stdout).toMatch(/mlops_drift_verdict\{model="penguin-drift",version="1",column="bodyMassG"\} 2/);
  }, 60_000);
});
