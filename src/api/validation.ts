/**
 * Request validation with two ajv instances. Bodies are JSON and arrive typed, so they are checked as
 * sent: no type coercion, or `null` and `false` would pass a `number` field as 0 and `true` as 1 (a
 * posted `v: null` overwrote an observation with 0). The query string, path params and headers arrive
 * as text, so they keep Fastify's default coercion (`?horizon=24` is a number, `coerceTypes: 'array'`).
 * Both refuse unknown fields by name instead of dropping them, and both know `format` (ajv-formats),
 * as Fastify's own validator does.
 */
import Ajv, { type AnySchema, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler, FastifyServerOptions } from 'fastify';

type ValidatorFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>['buildValidator'];

/** Fastify's defaults (@fastify/ajv-compiler), but unknown fields are refused, not removed. */
const COMMON: Options = {
  useDefaults: true,
  removeAdditional: false,
  allErrors: false, // true lets one request make ajv collect errors without end (a DoS)
  addUsedSchema: false,
};

/** Options of the ajv that checks bodies. */
export const BODY_AJV_OPTIONS: Options = { ...COMMON, coerceTypes: false };
/** Options of the ajv that checks the query string, params and headers. */
export const TEXT_AJV_OPTIONS: Options = { ...COMMON, coerceTypes: 'array' };

function newAjv(options: Options, sharedSchemas: Readonly<Record<string, unknown>>): Ajv {
  const ajv = new Ajv(options);
  addFormats(ajv);
  for (const schema of Object.values(sharedSchemas)) ajv.addSchema(schema as AnySchema);
  return ajv;
}

function compileWith(ajv: Ajv, schema: AnySchema): ValidateFunction {
  // A schema with an $id can be compiled once per instance; later routes reuse it.
  const id = typeof schema === 'object' ? schema.$id : undefined;
  return (typeof id === 'string' ? ajv.getSchema(id) : undefined) ?? ajv.compile(schema);
}

/**
 * Fastify calls this once per plugin context that adds shared schemas (`app.addSchema`), with those
 * schemas; the compiler it returns picks the ajv by the part of the request a schema checks.
 */
function buildRequestValidator(
  sharedSchemas: Readonly<Record<string, unknown>>,
): FastifySchemaCompiler<AnySchema> {
  const body = newAjv(BODY_AJV_OPTIONS, sharedSchemas);
  const text = newAjv(TEXT_AJV_OPTIONS, sharedSchemas);
  return ({ schema, httpPart }) => compileWith(httpPart === 'body' ? body : text, schema);
}

/**
 * The `schemaController` server option installing these validators. Fastify's types describe the
 * factory's compiler as taking a bare schema; at run time it takes the route schema definition
 * (`{ schema, httpPart, method, url }`), hence the cast.
 */
export const requestValidation: NonNullable<FastifyServerOptions['schemaController']> = {
  compilersFactory: {
    buildValidator: ((sharedSchemas: Record<string, unknown>) =>
      buildRequestValidator(sharedSchemas)) as unknown as ValidatorFactory,
  },
};
