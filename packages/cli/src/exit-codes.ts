import type { MLOpsErrorCode } from '@mlops-ts/core';

/**
 * The exit status of `mlops` for each outcome: 0 for success, 2 for a command line the parser
 * refuses, and one status per `MLOpsError` code, so a script can branch on `$?`.
 */
export const exitCodes = {
  OK: 0,
  /** An error without a code of its own (a bug, an error of a provider's SDK that was not translated). */
  INTERNAL: 1,
  /** The command line itself: an unknown command or option, a missing argument, a value that does not parse. */
  USAGE: 2,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 4,
  CONFLICT: 5,
  UNAVAILABLE: 6,
  UNSUPPORTED: 7,
  PERMISSION_DENIED: 8,
  INTEGRITY: 9,
  /** A confirmation prompt was answered no, or could not be asked (no terminal and no --yes). */
  CANCELLED: 10,
  /** Interrupted by Ctrl-C (SIGINT), as shells report it. */
  INTERRUPTED: 130,
} as const satisfies Record<MLOpsErrorCode | 'OK' | 'USAGE' | 'CANCELLED' | 'INTERRUPTED', number>;

export type ExitCodeName = keyof typeof exitCodes;

/** The exit status for an `MLOpsError` code (or any other string): `INTERNAL`'s for an unknown one. */
export function exitCodeOf(code: string | undefined): number {
  return code !== undefined && Object.hasOwn(exitCodes, code) ? exitCodes[code as ExitCodeName] : exitCodes.INTERNAL;
}
