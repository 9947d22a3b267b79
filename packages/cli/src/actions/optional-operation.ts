import { MLOpsError } from '@mlops-ts/core';

/**
 * The method `name` of a catalog, bound, for an operation that a core released before it does
 * not have. @throws MLOpsError UNSUPPORTED naming the operation when the core at hand lacks it.
 *
 * @param catalogName For the message: 'lifecycle', 'deployment' …
 */
export function optionalOperation<Operations, Name extends keyof Operations & string>(catalog: object, catalogName: string, name: Name): Operations[Name] {
  const method = (catalog as Record<string, unknown>)[name];
  if (typeof method !== 'function') {
    throw new MLOpsError('UNSUPPORTED', `This @mlops-ts/core has no ${catalogName}.${name}(), which the command needs. Update @mlops-ts/core and @mlops-ts/cli together.`);
  }
  return method.bind(catalog) as Operations[Name];
}
