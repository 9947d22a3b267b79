import { useState } from 'react';
import { apiFetch, apiUrl, sessionToken } from '../api/api-client.js';
import type { RunArtifact } from '../api/api-types.js';
import { formatBytes, formatTime } from '../components/format.js';

function blobPath(artifact: RunArtifact): string {
  return `/blobs/runs/${encodeURIComponent(artifact.runId)}/${artifact.name.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * Artifacts with size, SHA-256 and a download link. Without a token the link is the blob's
 * URL; with one, the browser cannot put it in a link's request, so the file is fetched with
 * it and handed to the browser as a download.
 */
export function ArtifactList({ artifacts }: { artifacts: RunArtifact[] }) {
  const [error, setError] = useState<string | null>(null);
  if (artifacts.length === 0) return <p className="muted">No artifacts.</p>;
  return (
    <>
      {error === null ? null : <p role="alert" className="error">{error}</p>}
      <table className="plain" aria-label="Artifacts">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="number">Size</th>
            <th scope="col">SHA-256</th>
            <th scope="col">Uploaded</th>
          </tr>
        </thead>
        <tbody>
          {artifacts.map((artifact) => (
            <tr key={artifact.id}>
              <td>
                <a
                  href={apiUrl(blobPath(artifact))}
                  download={artifact.name.split('/').pop()}
                  onClick={async (event) => {
                    if (sessionToken() === null) return;
                    event.preventDefault();
                    try {
                      const blob = await (await apiFetch(blobPath(artifact))).blob();
                      const link = document.createElement('a');
                      link.href = URL.createObjectURL(blob);
                      link.download = artifact.name.split('/').pop() ?? 'artifact';
                      link.click();
                      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
                    } catch (caught) {
                      setError(`Could not download ${artifact.name}: ${(caught as Error).message}`);
                    }
                  }}
                >
                  {artifact.name}
                </a>
              </td>
              <td className="number">{formatBytes(artifact.sizeBytes)}</td>
              <td className="mono" title={artifact.sha256}>
                {artifact.sha256.slice(0, 16)}…
              </td>
              <td>{formatTime(artifact.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
