/**
 * SQL template interpolations reviewed by hand: file → expression text → why it cannot carry input.
 * Each one builds SQL from constants (column and table names, clauses of fixed fragments with `?`
 * placeholders, placeholder groups) or quotes a whitelisted identifier; values always travel as parameters.
 * A new interpolation fails test/security/sql-parameterised.test.ts until it is reviewed and listed here.
 */
export const REVIEWED_SQL_INTERPOLATIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'src/db/accuracy-repo.ts': {
    "METRICS.join(', ')": 'column or table names from module constants',
    assign: 'column or table names from module constants',
    c: 'column or table names from module constants',
    "replaceOnDuplicate('accuracy_aggregates', METRICS)": 'column or table names from module constants',
    same: 'column or table names from module constants',
    scope: 'clause built from fixed fragments with ? placeholders',
    table: 'column or table names from module constants',
    "where.join(' AND ')": 'clause built from fixed fragments with ? placeholders',
    "where.length ? `WHERE ${where.join(' AND ')}` : ''":
      'clause built from fixed fragments with ? placeholders',
  },
  'src/db/alert-limits-repo.ts': {
    "COLUMNS.join(', ')": 'column or table names from module constants',
    "UPDATED.map((c) => `${c} = VALUES(${c})`).join(', ')": 'column or table names from module constants',
    c: 'column or table names from module constants',
    "options.enabledOnly ? ' WHERE enabled = 1' : ''":
      'clause built from fixed fragments with ? placeholders',
    scope: 'clause built from fixed fragments with ? placeholders',
  },
  'src/db/alerts-repo.ts': {
    "where.join(' AND ')": 'clause built from fixed fragments with ? placeholders',
    "where.length ? `WHERE ${where.join(' AND ')}` : ''":
      'clause built from fixed fragments with ? placeholders',
  },
  'src/db/alias-history.ts': {
    KEY_WHERE: 'column or table names from module constants',
    and: 'clause built from fixed fragments with ? placeholders',
    order: 'clause built from fixed fragments with ? placeholders',
  },
  'src/db/aliases-repo.ts': {
    KEY_WHERE: 'column or table names from module constants',
  },
  'src/db/read-models/api-accuracy-query.ts': {
    SCORES: 'column or table names from module constants',
  },
  'src/db/read-models/api-predictions-query.ts': {
    version: 'clause built from fixed fragments with ? placeholders',
    "version.replace('model', 'f.model')": 'clause built from fixed fragments with ? placeholders',
  },
  'src/db/read-models/api-series-query.ts': {
    "where.join(' AND ')": 'clause built from fixed fragments with ? placeholders',
    "where.length ? `WHERE ${where.join(' AND ')}` : ''":
      'clause built from fixed fragments with ? placeholders',
  },
  'src/db/api-tokens-repo.ts': {
    where: 'clause built from fixed fragments with ? placeholders',
  },
  'src/db/anomalies-repo.ts': {
    "new Array<string>(chunk.length).fill('(?,?,?,?,?,?)').join(',')": 'placeholder groups (?,?,...) only',
    "where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''":
      'clause built from fixed fragments with ? placeholders',
    "where.join(' AND ')": 'clause built from fixed fragments with ? placeholders',
    limit: 'a number checked by Number.isSafeInteger and >= 1 just above (LIMIT ? would need no review)',
    offset: 'a number checked by Number.isSafeInteger and >= 0 just above',
  },
  'src/db/anomaly-mail-repo.ts': {
    "new Array<string>(keys.length).fill('(?,?,?)').join(',')": 'placeholder groups (?,?,...) only',
  },
  'src/db/anomaly-state-repo.ts': {
    "chunk.map(() => '(?,?,?,?,?)').join(',')": 'placeholder groups (?,?,...) only',
  },
  'src/db/interval-state-repo.ts': {
    "chunk.map(() => '(?,?,?,?,?,?)').join(',')": 'placeholder groups (?,?,...) only',
    newer: 'clause built from fixed fragments with ? placeholders',
    pending: 'clause built from fixed fragments with ? placeholders',
  },
  'src/db/read-models/dashboard-repo.ts': {
    'CHAMPION_24H(r.p)': 'clause built from fixed fragments with named placeholders',
    'CHAMPION_KIND(r.newest)': 'clause built from fixed fragments with named placeholders',
    'CHAMPION_RECORDS(r, false)': 'clause built from fixed fragments with named placeholders',
    'CHAMPION_RECORDS(r, true)': 'clause built from fixed fragments with named placeholders',
    "FORECAST_COLUMNS.join(', ')": 'column or table names from module constants',
    'IN_SCOPE(r.p)': 'clause built from fixed fragments with named placeholders',
    'LATEST_CHAMPION(r, false)': 'clause built from fixed fragments with named placeholders',
    'LATEST_CHAMPION(r, recent)': 'clause built from fixed fragments with named placeholders',
    'LATEST_CHAMPION(r, true)': 'clause built from fixed fragments with named placeholders',
    MATERIALIZE_ONCE: 'a constant optimizer hint',
    STALE_DATA_STEPS: 'a numeric module constant',
    "STATUS_COLUMNS.join(', ')": 'column or table names from module constants',
    'STATUS_SELECT(r)': 'clause built from fixed fragments with named placeholders',
    'forecastsOf(newest, recent)':
      'table name with a PARTITION (…) list of identifiers quoted after a plain-name check',
    'forecastsOf(r.newest, recent)':
      'table name with a PARTITION (…) list of identifiers quoted after a plain-name check',
    'newestObservationsSql(IN_SCOPE(r.p), r.p.ids !== undefined)':
      'clause built from fixed fragments with named placeholders',
    "replaceOnDuplicate('dashboard_latest_forecast', FORECAST_COLUMNS)":
      'column or table names from module constants',
    "replaceOnDuplicate('dashboard_series_status', STATUS_COLUMNS)":
      'column or table names from module constants',
    "scope(p, 'accuracy_aggregates.series_id')": 'clause built from fixed fragments with named placeholders',
    "scope(p, 'series_id')": 'clause built from fixed fragments with named placeholders',
    table: 'column or table names from module constants',
    where: 'clause built from fixed fragments with ? placeholders',
  },
  'src/db/demo-replay-repo.ts': {
    name: 'table name from information_schema of the current database, quoted with backticks after a /^[a-z0-9_]{1,64}$/ check',
  },
  'src/db/read-models/decisions-query.ts': {
    tail: 'clause built from fixed fragments with ? placeholders',
    where: 'clause built from fixed fragments with ? placeholders',
    "where.join(' AND ')": 'clause built from fixed fragments with ? placeholders',
  },
  'src/db/decisions-repo.ts': {
    "START_COLUMNS.join(', ')": 'column or table names from module constants',
    c: 'column or table names from module constants',
    "updates.join(', ')": 'column or table names from module constants',
  },
  'src/db/forecasts-repo.ts': {
    "COLUMNS.join(', ')": 'column or table names from module constants',
    "PREDICTION.map((c) => `${c} = VALUES(${c})`).join(', ')": 'column or table names from module constants',
    RECORD: 'column or table names from module constants',
    "RESET.map(([col, fresh]) => `${col} = IF(${SAME}, ${col}, ${fresh})`).join(',\\n  ')":
      'column or table names from module constants',
    UPSERT_TAIL: 'column or table names from module constants',
    "asOf.length ? ' AND issued_at <= ?' : ''": 'clause built from fixed fragments with ? placeholders',
    c: 'column or table names from module constants',
    "new Array<string>(chunk.length).fill(placeholders).join(',')": 'placeholder groups (?,?,...) only',
    "where.join(' AND ')": 'clause built from fixed fragments with ? placeholders',
  },
  'src/db/read-models/monitoring-repo.ts': {
    "latestObservationSql('se.id')": 'clause built from fixed fragments with named placeholders',
    scope: 'clause built from fixed fragments with ? placeholders',
  },
  'src/db/newest-rows.ts': {
    BY_ISSUE: 'a constant index hint',
    floor: 'clause built from fixed fragments with named placeholders',
    'forecastsOf(scope, true)':
      'table name with a PARTITION (…) list of identifiers quoted after a plain-name check',
    fromFloor: 'clause built from fixed fragments with named placeholders',
    issues: 'clause built from fixed fragments with named placeholders',
    "names.join(', ')":
      'identifier quoted with backticks after a /^[A-Za-z0-9_]{1,64}$/ check, partition names from information_schema',
    "newestFrom('se.id', ' AND o.ts <= :asOf', '')":
      'clause built from fixed fragments with named placeholders',
    "recent ? `forecasts ${scope.fcPartitions}` : 'forecasts'":
      'table name with a PARTITION (…) list of identifiers quoted after a plain-name check',
    "scoped ? ' AND f.series_id IN (:ids)' : ''": 'clause built from fixed fragments with named placeholders',
    "scoped ? ' AND o.series_id IN (:ids)' : ''": 'clause built from fixed fragments with named placeholders',
    series: "a column name ('se.id', 'c.series_id') passed as a constant by the callers",
    upTo: 'clause built from fixed fragments with named placeholders',
    where: 'clause built from fixed fragments with named placeholders',
  },
  'src/db/observations-bulk.ts': {
    upsertTail: "observations-repo's UPSERT_TAIL constant, its only caller (column names only)",
  },
  'src/db/observations-repo.ts': {
    UNCHANGED: 'column or table names from module constants',
    UPSERT_TAIL: 'column or table names from module constants',
    values: 'placeholder groups (?,?,...) only',
  },
  'src/db/reconcile-repo.ts': {
    "KEY.join(', c.')": 'column or table names from module constants',
    'candidates.sql': 'clause built from fixed fragments with ? placeholders',
    "observationOf('c')": 'column or table names from module constants',
    "observationOf('f')": 'column or table names from module constants',
    on: 'clause built from fixed fragments with ? placeholders',
    's.sql': 'clause built from fixed fragments with ? placeholders',
    set: 'clause built from fixed fragments with ? placeholders',
  },
  'src/db/global-models-repo.ts': {
    where: 'clause built from fixed fragments with ? placeholders',
  },
  'src/db/global-runs-repo.ts': {
    COLUMNS: 'column or table names from module constants',
    UPDATES: 'column or table names from module constants',
    c: 'column or table names from module constants',
    "params.map(() => '?').join(',')": 'placeholder groups (?,?,...) only',
  },
  'src/db/registry-repo.ts': {
    KEY_WHERE: 'column or table names from module constants',
    where: 'clause built from fixed fragments with ? placeholders',
  },
  'src/db/retention-repo.ts': {
    'boundLiteral(d + periodDays * DAY_MS)': 'partition bound: a date literal formatted from a number',
    "defs.join(', ')": 'column or table names from module constants',
    "expired.map((p) => ident(p.name)).join(', ')":
      'identifier quoted by ident(), from the table/column whitelist',
    'ident(MAX_PARTITION)': 'identifier quoted by ident(), from the table/column whitelist',
    'ident(PARTITION_COLUMN[table])': 'identifier quoted by ident(), from the table/column whitelist',
    'ident(p.name)': 'identifier quoted by ident(), from the table/column whitelist',
    'ident(partitionName(d))': 'identifier quoted by ident(), from the table/column whitelist',
    'ident(table)': 'identifier quoted by ident(), from the table/column whitelist',
  },
  'src/db/read-models/runs-query.ts': {
    "given.map(([column]) => `${column} = ?`).join(' AND ')": 'column or table names from module constants',
    tail: 'clause built from fixed fragments with ? placeholders',
    where: 'clause built from fixed fragments with ? placeholders',
  },
  'src/db/runs-repo.ts': {
    RUN_COLUMNS: 'column or table names from module constants',
    RUN_UPDATES: 'column or table names from module constants',
    c: 'column or table names from module constants',
    "values.join(',')": 'placeholder groups (?,?,...) only',
  },
  'src/db/series-repo.ts': {
    "new Array<string>(chunk.length).fill('(?,?,?,?,?,?,?,?,?,?,?)').join(',')":
      'placeholder groups (?,?,...) only',
    "where.join(' AND ')": 'clause built from fixed fragments with ? placeholders',
    "where.length ? `WHERE ${where.join(' AND ')}` : ''":
      'clause built from fixed fragments with ? placeholders',
  },
};
