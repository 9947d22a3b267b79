import { isNetworkError, MLOpsError } from '@mlops-ts/core';

/** The body of a registry error answer (distribution spec, "Error Codes"). */
interface RegistryErrorBody {
  errors?: { code?: string; message?: string }[];
}

/** The first error code and message a registry put in its answer, if it sent any. */
export async function readRegistryError(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as RegistryErrorBody;
    const first = body.errors?.[0];
    return first ? `${first.code ?? 'ERROR'}: ${first.message ?? ''}`.slice(0, 300) : `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/** Translates a failure to reach the registry (refused, reset, timed out, DNS) into UNAVAILABLE; other errors pass. */
export function translateFetchError(error: unknown, registry: string, timeoutMs: number): unknown {
  if (MLOpsError.isInstance(error)) return error;
  const name = (error as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new MLOpsError('UNAVAILABLE', `Registry ${registry} did not answer within ${timeoutMs} ms. Check the address and that the registry is running, or raise timeoutMs.`, { cause: error });
  }
  if (isNetworkError(error) || error instanceof TypeError) {
    const detail = (error as { cause?: { code?: string; message?: string } }).cause;
    return new MLOpsError(
      'UNAVAILABLE',
      `Registry ${registry} cannot be reached (${detail?.code ?? detail?.message ?? (error as Error).message}). Check the address and that it is running; for a registry without TLS pass insecure: true.`,
      { cause: error },
    );
  }
  return error;
}

/** What a refused sign-in says: who was refused where, and how to fix it. */
export function permissionDenied(registry: string, repository: string, username: string | undefined, detail: string): MLOpsError {
  return new MLOpsError(
    'PERMISSION_DENIED',
    username === undefined
      ? `Registry ${registry} refused access to '${repository}' without credentials (${detail}). Pass username and password (or token) to useContainerRegistry(), or sign in with docker login.`
      : `Registry ${registry} refused the credentials of '${username}' for '${repository}' (${detail}). Check the user name and password or token, and that the account may push there.`,
  );
}
