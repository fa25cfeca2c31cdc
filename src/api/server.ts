// The server is composed in `src/server` (the API and the dashboard side by side); this path keeps
// working for the process entry and existing imports.
export { buildServer, type BuildServerOptions } from '../server';
