import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { api, ApiError, setSessionToken } from '../api/api-client.js';
import type { Principal } from '../api/api-types.js';
import { PrincipalContext } from './principal-context.js';

/**
 * Asks for a token once when the server wants one, keeps it for the browser session, and
 * tells the page what the token may do.
 */
export function TokenGate({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const whoami = useQuery({ queryKey: ['whoami'], queryFn: () => api<Principal>('/whoami'), retry: false, staleTime: Infinity });
  const [draft, setDraft] = useState('');
  if (whoami.isPending) return <p className="loading">Connecting…</p>;
  if (whoami.isError) {
    const error = whoami.error;
    if (!(error instanceof ApiError) || error.status !== 401) {
      return (
        <main className="page">
          <p role="alert" className="error">The tracking server did not answer: {error.message}</p>
        </main>
      );
    }
    return (
      <main className="page token-page">
        <form
          className="token-form"
          onSubmit={(event) => {
            event.preventDefault();
            setSessionToken(draft.trim());
            void queryClient.resetQueries();
          }}
        >
          <h1>MLOps.ts</h1>
          <p>This tracking server needs a token. It is kept for this browser tab only.</p>
          <label htmlFor="token">Token</label>
          <input id="token" name="token" type="password" autoComplete="current-password" autoFocus value={draft} onChange={(event) => setDraft(event.target.value)} />
          {draft === '' ? null : error.message.includes('not one this server accepts') ? <p role="alert" className="error">{error.message}</p> : null}
          <button type="submit" disabled={draft.trim() === ''}>
            Sign in
          </button>
        </form>
      </main>
    );
  }
  return <PrincipalContext.Provider value={whoami.data}>{children}</PrincipalContext.Provider>;
}
