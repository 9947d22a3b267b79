import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Route, Router, Switch } from 'wouter';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { TokenGate } from './auth/token-gate.js';
import { Layout } from './components/layout.js';
import { ComparePage } from './pages/compare-page.js';
import { DeploymentsPage } from './pages/deployments-page.js';
import { ExperimentsPage } from './pages/experiments-page.js';
import { ModelPage } from './pages/model-page.js';
import { RegistryPage } from './pages/registry-page.js';
import { RunPage } from './pages/run-page.js';
import { RunsPage } from './pages/runs-page.js';
import { useHashLocation, useHashSearch } from './routing/hash-location.js';

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: 1 } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Router hook={useHashLocation} searchHook={useHashSearch} hrefs={(href) => `#${href}`}>
        <TokenGate>
          <Layout>
            <Switch>
              <Route path="/" component={ExperimentsPage} />
              <Route path="/experiments/:experimentId">{(params) => <RunsPage experimentId={params.experimentId} />}</Route>
              <Route path="/runs/:runId">{(params) => <RunPage runId={params.runId} />}</Route>
              <Route path="/compare" component={ComparePage} />
              <Route path="/models" component={RegistryPage} />
              <Route path="/models/:registeredModelId">{(params) => <ModelPage registeredModelId={params.registeredModelId} />}</Route>
              <Route path="/deployments" component={DeploymentsPage} />
              <Route>
                <main className="page">
                  <h1>Not found</h1>
                  <p>
                    No page here. Go to the <a href="#/">experiments</a>.
                  </p>
                </main>
              </Route>
            </Switch>
          </Layout>
        </TokenGate>
      </Router>
    </QueryClientProvider>
  </StrictMode>,
);
