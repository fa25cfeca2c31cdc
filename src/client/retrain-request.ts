import { ModelKind } from '../forecast/types';
import { FieldValueError } from '../shared';
import type { ForceRetrainRequest } from '../workflows';
import { parseList } from './args';

/** Kinds one retrain can train (an ensemble is built from them, not trained on its own). */
export const TRAINABLE_KINDS: readonly string[] = Object.values(ModelKind).filter((k) => k !== 'ensemble');
const IDS = /^\d+(\s*,\s*\d+)*$/;

/** The fields of a retrain request as text, from CLI flags or an HTTP body. */
export interface RetrainRequestFields {
  /** Comma-separated series ids, or a substring of series names. */
  readonly series?: string;
  /** Comma-separated model kinds. */
  readonly kinds?: string;
  readonly reason?: string;
}

/**
 * A retrain request field that failed validation. Neutral about where it came from: the CLI names
 * it as a flag (`--kinds`), the API as a body field (`body.kinds`).
 */
export class RetrainRequestError extends FieldValueError {
  override readonly name = 'RetrainRequestError';
  constructor(
    override readonly field: keyof RetrainRequestFields,
    value: unknown,
    readonly expected: string,
  ) {
    super(field, value, `${field} must be ${expected}, got ${JSON.stringify(value)}`);
  }
}

/** Validates the fields into a model-manager request; a bad field names itself and its value. */
export function toRetrainRequest(fields: RetrainRequestFields): ForceRetrainRequest {
  const series = fields.series?.trim();
  if (!series)
    throw new RetrainRequestError('series', fields.series, 'series ids (1,2,3) or a name substring');
  const seriesFilter = IDS.test(series)
    ? { ids: series.split(',').map((id) => Number(id.trim())) }
    : { nameContains: series };
  const kinds = parseList(fields.kinds);
  if (kinds !== undefined) {
    if (kinds.length === 0)
      throw new RetrainRequestError('kinds', fields.kinds, `a list of ${TRAINABLE_KINDS.join(', ')}`);
    const bad = kinds.find((k) => !TRAINABLE_KINDS.includes(k) || kinds.indexOf(k) !== kinds.lastIndexOf(k));
    if (bad !== undefined)
      throw new RetrainRequestError(
        'kinds',
        fields.kinds,
        `distinct kinds among ${TRAINABLE_KINDS.join(', ')} (${bad} is not)`,
      );
  }
  const reason = fields.reason?.trim();
  if (!reason || reason.length > 1000)
    throw new RetrainRequestError('reason', fields.reason, '1 to 1000 characters');
  return { seriesFilter, kinds: kinds as ForceRetrainRequest['kinds'], reason };
}
