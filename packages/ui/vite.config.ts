import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The page is built into dist/app and served by @mlops-ts/server at `/`. Relative asset
// URLs (base './') keep it working behind a reverse proxy under any path prefix.
export default defineConfig({
  root: 'src/app',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/app',
    emptyOutDir: true,
    target: 'es2022',
    // The size report is the README's bundle figure.
    reportCompressedSize: true,
    chunkSizeWarningLimit: 500,
  },
});
