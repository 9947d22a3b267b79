import os from 'node:os';

/** Who a registration or deployment is recorded as: --by, else MLOPS_USER (as for run context), else the OS user. */
export function currentUser(by: string | undefined): string {
  if (by !== undefined) return by;
  if (process.env.MLOPS_USER) return process.env.MLOPS_USER;
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
