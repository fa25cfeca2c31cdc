import { ApplicationFailure } from '@temporalio/common';
import { NON_RETRYABLE_ERRORS } from './catalogue';

const NON_RETRYABLE: ReadonlySet<string> = new Set(NON_RETRYABLE_ERRORS);

/**
 * Decides retries at the activity edge: bad input becomes a non-retryable ApplicationFailure
 * whose type is the error's name (the message, naming field and value, is kept); transient
 * faults (network, deadlock, throttling) are rethrown as they are and Temporal retries them.
 */
export async function atActivityEdge<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error && NON_RETRYABLE.has(error.name)) {
      throw ApplicationFailure.create({
        type: error.name,
        message: error.message,
        nonRetryable: true,
        cause: error,
      });
    }
    throw error;
  }
}
