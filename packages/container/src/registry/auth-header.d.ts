// auth-header ships JavaScript without declarations; this is the part of its API used here.
declare module 'auth-header' {
  export interface Challenge {
    scheme: string;
    token: string | null;
    params: Record<string, string | string[]>;
  }
  export function parse(header: string): Challenge;
}
