import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020';
import { startApi, errorOf, type ApiHarness } from './support';
import { createTestDb, type TestDb } from '../support/test-db';

type Json = Record<string, unknown>;

/** Every JSON Schema in an OpenAPI document: parameters, bodies, responses and components. */
function schemasOf(doc: Json): Array<{ where: string; schema: Json }> {
  const out: Array<{ where: string; schema: Json }> = [];
  const paths = doc.paths as Record<string, Record<string, Json>>;
  for (const [path, ops] of Object.entries(paths))
    for (const [method, op] of Object.entries(ops)) {
      const at = `${method.toUpperCase()} ${path}`;
      for (const p of (op.parameters as Json[] | undefined) ?? [])
        out.push({ where: `${at} parameter ${String(p.name)}`, schema: p.schema as Json });
      const bodies = ((op.requestBody as Json | undefined)?.content ?? {}) as Record<string, Json>;
      for (const [type, c] of Object.entries(bodies))
        out.push({ where: `${at} body ${type}`, schema: c.schema as Json });
      for (const [status, r] of Object.entries((op.responses as Record<string, Json>) ?? {}))
        for (const [type, c] of Object.entries((r.content as Record<string, Json>) ?? {}))
          out.push({ where: `${at} ${status} ${type}`, schema: c.schema as Json });
    }
  for (const [name, schema] of Object.entries(
    ((doc.components as Json)?.schemas ?? {}) as Record<string, Json>,
  ))
    out.push({ where: `components.schemas.${name}`, schema });
  return out;
}

describe('api/openapi: the document validates as the version it declares', function () {
  this.timeout(60_000);
  let db: TestDb;
  let api: ApiHarness;
  let doc: Json;

  before(async () => {
    db = await createTestDb('openapi');
    api = await startApi(db);
    doc = (await (await api.call('/api/v1/openapi.json', { token: null })).json()) as Json;
  });
  after(async () => {
    await api.close();
    await db.drop();
  });

  it('declares OpenAPI 3.1 and passes the official 3.1 schema', async () => {
    assert.equal(doc.openapi, '3.1.0');
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const result = await new Validator().validate(structuredClone(doc));
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
  });

  it('holds only schemas valid in its JSON Schema dialect (2020-12): no draft-04 boolean exclusiveMinimum', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const schemas = schemasOf(doc);
    assert.ok(schemas.length > 50, `${schemas.length} schemas`);
    const invalid = schemas
      .filter(({ schema }) => schema !== undefined && !ajv.validateSchema(schema))
      .map(({ where }) => `${where}: ${ajv.errorsText(ajv.errors)}`);
    assert.deepEqual(invalid, []);
    // The case that once made strict tools refuse the document: evalFraction's bound.
    const evaluate = (doc.paths as Record<string, Record<string, Json>>)['/api/v1/evaluate']!.post!;
    const fraction = (evaluate.parameters as Json[]).find((p) => p.name === 'evalFraction');
    assert.equal((fraction?.schema as Json).exclusiveMinimum, 0);
  });

  it('describes the rules the server enforces in code', () => {
    const paths = doc.paths as Record<string, Record<string, Json>>;
    const param = (path: string, name: string) =>
      (paths[path]!.get!.parameters as Json[]).find((p) => p.name === name) ?? {};
    assert.match(String(param('/api/v1/anomalies', 'from').description), /before `to`/);
    assert.match(String(param('/api/v1/series/{id}/accuracy', 'to').description), /after `from`/);
    const body = (path: string, method: string, type: string) =>
      ((paths[path]![method]!.requestBody as Json).content as Record<string, Json>)[type]!.schema as Json;
    const limit = body('/api/v1/alert-limits', 'put', 'application/json');
    assert.equal((limit.oneOf as unknown[]).length, 2);
    assert.match(String(limit.description), /Exactly one of seriesId and metricPattern/);
    assert.equal(body('/api/v1/forecast', 'post', 'text/csv').minLength, 1);
    const actuals = body('/api/v1/external/actuals', 'post', 'application/json');
    const point = ((actuals.properties as Record<string, Json>).points!.items as Json).properties as Record<
      string,
      Json
    >;
    assert.match(String(point.t!.description), /2000-01-01 and 2100-01-01/);
  });

  it('answers 405 with Allow for a method a path does not declare, 404 for a path that does not exist', async () => {
    const deleteSeries = await api.call('/api/v1/series/1', { method: 'DELETE' });
    assert.equal(deleteSeries.status, 405);
    assert.equal(deleteSeries.headers.get('allow'), 'GET, HEAD');
    const body = await errorOf(deleteSeries);
    assert.deepEqual([body.error, body.field, body.value], ['method_not_allowed', 'method', 'DELETE']);
    const putForecast = await api.call('/api/v1/forecast', { method: 'PUT' });
    assert.equal(putForecast.status, 405);
    assert.equal(putForecast.headers.get('allow'), 'POST');
    assert.equal((await api.call('/api/v1/nothing-here')).status, 404);
  });
});
