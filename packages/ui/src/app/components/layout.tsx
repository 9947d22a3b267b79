import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { setSessionToken } from '../api/api-client.js';
import { usePrincipal } from '../auth/principal-context.js';

const sections = [
  { href: '/', label: 'Experiments', isCurrent: (path: string) => path === '/' || path.startsWith('/experiments') || path.startsWith('/runs') || path.startsWith('/compare') },
  { href: '/models', label: 'Models', isCurrent: (path: string) => path.startsWith('/models') },
  { href: '/deployments', label: 'Deployments', isCurrent: (path: string) => path.startsWith('/deployments') },
];

/** The header with the sections and who is signed in, around every page. */
export function Layout({ children }: { children: ReactNode }) {
  const [path] = useLocation();
  const principal = usePrincipal();
  return (
    <>
      <a className="skip-link" href="#main" onClick={(event) => { event.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">MLOps.ts</span>
        <nav aria-label="Sections">
          <ul>
            {sections.map((section) => (
              <li key={section.href}>
                <Link href={section.href} aria-current={section.isCurrent(path) ? 'page' : undefined}>
                  {section.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who" data-testid="principal">
          {principal.name} · {principal.canWrite ? 'read-write' : 'read-only'}
          {principal.isAuthenticated ? (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setSessionToken(null);
                location.reload();
              }}
            >
              Sign out
            </button>
          ) : null}
        </span>
      </header>
      <div id="main" tabIndex={-1}>
        {children}
      </div>
    </>
  );
}
