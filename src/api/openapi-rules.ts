/**
 * The rules the server enforces in code rather than in a route's JSON schema, written into the
 * OpenAPI document so a client generated from it knows them: `from` before `to`, times within
 * 2000–2100 where posted, exactly one of `seriesId` and `metricPattern` for a limit, a non-empty
 * CSV body. Documentation only: the routes' own checks (and their error messages) stay as they are.
 */

type Json = Record<string, unknown>;
type Operation = { parameters?: Json[]; requestBody?: { content?: Record<string, { schema?: Json }> } };

const TIME_BOUNDS = 'Between 2000-01-01 and 2100-01-01 (UTC); other times are refused with 400.';

function appendDescription(target: Json, text: string): void {
  const before = typeof target.description === 'string' ? `${target.description} ` : '';
  if (!before.includes(text)) target.description = `${before}${text}`;
}

/** `from`/`to` query parameters: `from` must come before `to`. */
function describeRange(op: Operation): void {
  const params = op.parameters ?? [];
  const names = new Set(params.filter((p) => p.in === 'query').map((p) => p.name));
  if (!(names.has('from') && names.has('to'))) return;
  for (const p of params) {
    if (p.name === 'from') appendDescription(p, 'Must be before `to` (400 otherwise).');
    if (p.name === 'to') appendDescription(p, 'Must be after `from` (400 otherwise).');
  }
}

/** Posted bodies of external predictions and actuals: every time within 2000–2100. */
function describePostedTimes(schema: Json | undefined): void {
  if (!schema || typeof schema !== 'object') return;
  const props = schema.properties as Record<string, Json> | undefined;
  for (const [name, prop] of Object.entries(props ?? {})) {
    if (prop.format === 'date-time' || /At$|^ts$|^timestamps?$/.test(name))
      appendDescription(prop, TIME_BOUNDS);
    describePostedTimes(prop);
  }
  if (schema.items && typeof schema.items === 'object') describePostedTimes(schema.items as Json);
}

/** The limit body: exactly one of `seriesId` and `metricPattern`. */
function describeLimitScope(schema: Json | undefined): void {
  if (!schema) return;
  schema.oneOf = [
    { required: ['seriesId'], not: { required: ['metricPattern'] } },
    { required: ['metricPattern'], not: { required: ['seriesId'] } },
  ];
  appendDescription(schema, 'Exactly one of seriesId and metricPattern.');
}

/** The CSV dataset of `/forecast` and `/evaluate`: a header and at least one row. */
function describeCsv(schema: Json | undefined): void {
  if (!schema) return;
  schema.minLength = 1;
  appendDescription(
    schema,
    'A `timestamp,value` header and at least one row; an empty body is refused with 400.',
  );
}

/** Adds the enforced rules to a generated document (in place) and returns it. */
export function describeEnforcedRules<T extends object>(document: T): T {
  const paths = (document as { paths?: Record<string, Record<string, Operation>> }).paths ?? {};
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(operations)) {
      describeRange(op);
      const content = op.requestBody?.content ?? {};
      if (path.startsWith('/api/v1/external/')) describePostedTimes(content['application/json']?.schema);
      if (path === '/api/v1/alert-limits' && method === 'put')
        describeLimitScope(content['application/json']?.schema);
      if (path === '/api/v1/forecast' || path === '/api/v1/evaluate')
        describeCsv(content['text/csv']?.schema);
    }
  }
  return document;
}
