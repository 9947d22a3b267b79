// Reads the built .d.ts files (package exports), so it proves that the augmentations
// survive the build, as a user importing the published package sees them.
import { MLOpsBuilder, type Deployment, type DeploymentCatalog } from '@mlops-ts/core';
import '@mlops-ts/container';
import type { ModelImage } from '@mlops-ts/container';
import { describe, expectTypeOf, test } from 'vitest';

describe('@mlops-ts/container augmentations', () => {
  test('useContainerRegistry() and useKubernetes() return the builder', () => {
    expectTypeOf(new MLOpsBuilder().useContainerRegistry({ registry: 'registry.example.com', repository: 'team/iris' })).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(new MLOpsBuilder().useKubernetes()).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(new MLOpsBuilder().useKubernetes({ inCluster: true, namespace: 'models' }).useInMemoryMetadataStore()).toEqualTypeOf<MLOpsBuilder>();
    // @ts-expect-error the registry is required
    new MLOpsBuilder().useContainerRegistry({ repository: 'team/iris' });
    // @ts-expect-error the rollout timeout is a number of milliseconds
    new MLOpsBuilder().useKubernetes({ rolloutTimeoutMs: '5m' });
  });

  test('the deployment catalog gains buildModelImage, deployToKubernetes, renderKubernetesManifests and undeployFromKubernetes', () => {
    expectTypeOf<DeploymentCatalog['buildModelImage']>().returns.toEqualTypeOf<Promise<ModelImage>>();
    expectTypeOf<DeploymentCatalog['deployToKubernetes']>().returns.toEqualTypeOf<Promise<Deployment>>();
    expectTypeOf<DeploymentCatalog['renderKubernetesManifests']>().returns.toEqualTypeOf<Promise<string>>();
    expectTypeOf<DeploymentCatalog['undeployFromKubernetes']>().returns.toEqualTypeOf<Promise<Deployment | undefined>>();
    expectTypeOf<Parameters<DeploymentCatalog['buildModelImage']>[1]>().toHaveProperty('baseImage').toEqualTypeOf<string>();
  });
});
