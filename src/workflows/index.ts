// Every workflow the workers register. Deterministic code only: activities are imported as types.
export { ingestRangeWorkflow, getIngestProgressQuery, planWindows } from './ingest-range';
export type { IngestRangeInput, IngestProgress, IngestChunk } from './ingest-range';
