/** What a corpus case must produce: an error naming where and what, or (for odd but legal names) a literal store. */
export type Expectation = ErrorExpectation | StoredExpectation;

export interface ErrorExpectation {
  /** Substrings the error message must contain: the field or place, and the offending value. */
  readonly error: readonly string[];
  /** Substrings it must not contain (secrets, file contents, stack frames). */
  readonly absent?: readonly string[];
  /** Error type (`IngestInputError`, `ConfigError`); defaults per kind. */
  readonly type?: string;
  /** CLI exit code (default 2) or HTTP status (default 400). */
  readonly exitCode?: number;
  readonly status?: number;
  /** Environment for config and CLI cases. */
  readonly env?: Readonly<Record<string, string>>;
  /** Messages from huge inputs must stay short: the value is shown truncated. */
  readonly maxMessageLength?: number;
}

/** A name full of SQL is still a name: it must be stored byte for byte, and nothing else touched. */
export interface StoredExpectation {
  readonly stored: {
    readonly metric: string;
    readonly namespace?: string;
    readonly dimensions?: Readonly<Record<string, string>>;
  };
}

/** What running a case produced. */
export type Outcome =
  | {
      readonly kind: 'error';
      readonly message: string;
      readonly type?: string;
      readonly exitCode?: number;
      readonly status?: number;
    }
  | { readonly kind: 'accepted'; readonly detail?: string };

/** One bad input: where it lives, what it must produce, and how to feed it to the real component. */
export interface BadInputCase {
  /** Folder under corpus/ (csv, cloudwatch-json, config, cli, api, sql-injection, generated). */
  readonly kind: string;
  readonly name: string;
  readonly expect: Expectation;
  run(ctx: CorpusContext): Promise<Outcome>;
}

/** The real components a case is fed to. */
export interface CorpusContext {
  readonly database: string;
  /** Ingests a file or folder with the real activities against the test database. */
  ingestPath(file: string): Promise<void>;
  /** Scratch folder for generated inputs. */
  readonly tmpDir: string;
  /** The HTTP API, when the run started one: base URL and tokens. */
  readonly api?: ApiTarget;
  /** Ids of the seeded series by placeholder name (`series1h`, `series5m`), as text. */
  seriesIds(): Promise<Record<string, string>>;
}

export interface ApiTarget {
  readonly baseUrl: string;
  readonly adminToken: string;
  readonly readToken: string;
}

export function isStored(expect: Expectation): expect is StoredExpectation {
  return 'stored' in expect;
}
