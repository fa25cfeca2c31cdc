/** `GET /api/v1/health`: the one open API route; answers whether the database answers. */
import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../types';

const healthSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
    db: { type: 'string', enum: ['up', 'down'] },
  },
} as const;

export function healthRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get(
    '/api/v1/health',
    {
      config: { public: true },
      schema: {
        summary: 'Liveness and database reachability (no token needed)',
        tags: ['health'],
        security: [],
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (request, reply) => {
      try {
        await deps.db.pool.query('SELECT 1');
        return { status: 'ok', db: 'up' };
      } catch (error) {
        request.log.warn({ err: error }, 'health: database unreachable');
        return reply.status(503).send({ status: 'degraded', db: 'down' });
      }
    },
  );
}
