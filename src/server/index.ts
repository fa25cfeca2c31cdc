// The composition root of the HTTP server: the API (`src/api`) and the dashboard (`src/dashboard`)
// side by side over the read models, sharing `src/http-auth`. Neither of the two imports the other.
export { buildServer, type BuildServerOptions } from './build-server';
