import { defineConfig } from 'vite';

// Static assets for integrad --web-root web/dist. Relative base: the page works under any path.
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `npm run dev` against a running integrad --http (default port of the demo)
    proxy: { '/integra.v1.': process.env.INTEGRA_HTTP || 'http://127.0.0.1:8080' },
  },
});
