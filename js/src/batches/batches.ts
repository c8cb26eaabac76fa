/**
 * `client.batches`: create, list, retrieve and cancel batches (a cancel is a DELETE, unlike
 * OpenAI's POST …/cancel), wait for one to finish, and read its results
 * (https://inference-docs.cerebras.ai/api-reference/batch/create-batch and the pages beside it).
 */
import { APIPromise, APIUserAbortError, CerebrasError, type ChatCompletion, type Cerebras, type RequestOptions } from '../index.js';
import { BATCH_ENDPOINT, batchParamsProblem, COMPLETION_WINDOW, jsonLines } from './jsonl.js';
import { listPages, type PagePromise } from './pagination.js';
import { sleep } from '../internal/sleep.js';

/** Every status the docs list. */
export type BatchStatus = 'validating' | 'queued' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'failed' | 'cancelled' | 'cancelling';

/** The statuses a batch does not leave. */
export const FINISHED_STATUSES: readonly BatchStatus[] = ['completed', 'expired', 'failed', 'cancelled'];

export interface BatchRequestCounts {
  total: number;
  completed: number;
  failed: number;
}

export interface Batch {
  id: string;
  object: 'batch';
  endpoint: string;
  /** Why validation failed: the docs show a plain string (or null), though they describe an object. */
  errors: string | Record<string, unknown> | null;
  input_file_id: string;
  completion_window: string;
  status: BatchStatus;
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  in_progress_at: number | null;
  expires_at: number | null;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  request_counts: BatchRequestCounts | null;
  metadata: Record<string, string> | null;
}

/** One line of a batch's results (`GET /v1/batches/{batch_id}/results`,
 * https://inference-docs.cerebras.ai/api-reference/batch/retrieve-batch-results): the request's
 * `custom_id`, how it ended, and its completion or why there is none. In no particular order. */
export type BatchResult =
  | { custom_id: string; status: 'succeeded'; response: ChatCompletion; error?: undefined }
  | { custom_id: string; status: 'failed' | 'expired'; error: BatchResultError; response?: undefined };

export interface BatchResultError {
  /** `invalid_request`, `timeout` (expired), … */
  code: string;
  message: string;
}

export interface BatchCreateParams {
  input_file_id: string;
  /** The one endpoint the API batches (the default). */
  endpoint?: typeof BATCH_ENDPOINT;
  /** The one window the API offers (the default). */
  completion_window?: '24h';
  metadata?: Record<string, string>;
}

export interface BatchListParams {
  limit?: number;
  after?: string;
}

export interface WaitOptions {
  /** Between two looks at the batch (default 5000 ms). */
  pollIntervalMs?: number;
  /** Give up, with a CerebrasError, once this long has passed (default 25 hours: the 24 h
   * window and its finalizing). */
  maxWaitMs?: number;
  /** Stops the waiting (an APIUserAbortError); the batch itself goes on. */
  signal?: AbortSignal;
  /** Called with the batch each time it is looked at: `request_counts` tells the progress. */
  onProgress?: (batch: Batch) => void;
}

export class Batches {
  readonly #client: Cerebras;

  /** @internal */
  constructor(client: Cerebras) {
    this.#client = client;
  }

  /** Starts a batch on an uploaded input file. `endpoint` and `completion_window` default to the
   * only ones the API offers; another is a CerebrasError before anything is sent. */
  create(params: BatchCreateParams, options: RequestOptions = {}): APIPromise<Batch> {
    const body = { endpoint: BATCH_ENDPOINT, completion_window: COMPLETION_WINDOW, ...params };
    const problem = batchParamsProblem(body);
    if (problem) return new APIPromise<Batch>(Promise.reject(new CerebrasError(`batches.create: ${problem}`)));
    return this.#client.post('/v1/batches', { ...options, body });
  }

  list(params: BatchListParams = {}, options: RequestOptions = {}): PagePromise<Batch> {
    return listPages(this.#client, '/v1/batches', params, options);
  }

  retrieve(batchId: string, options?: RequestOptions): APIPromise<Batch> {
    return this.#client._callOn('get', '/v1/batches/{batchId}', batchId, undefined, options);
  }

  /**
   * The batch's results (`GET /v1/batches/{batch_id}/results`): a JSONL text, one line per
   * request ({@link BatchResult}), as the reference's Node example reads them:
   * `fs.writeFileSync('batch_results.jsonl', await client.batches.retrieveResults(id))`. They
   * are there once the batch has finished (completed, expired, or cancelled with partial
   * results) and kept 7 days. For a large batch, {@link resultLines} parses them as they arrive.
   */
  retrieveResults(batchId: string, options?: RequestOptions): APIPromise<string> {
    return this.#client._callOn<string>('get', RESULTS, batchId, undefined, options);
  }

  /** The batch's results, one parsed {@link BatchResult} at a time as the bytes arrive, each
   * read within the call's timeout: a 200 MB result is never held whole. */
  async *resultLines(batchId: string, options: RequestOptions = {}): AsyncGenerator<BatchResult, void, undefined> {
    const response = await this.#client._callOn('get', RESULTS, batchId, undefined, options).asResponse();
    yield* jsonLines<BatchResult>(response, { timeout: options.timeout ?? this.#client.timeout, signal: options.signal ?? undefined });
  }

  /** Cancels the batch (`DELETE /v1/batches/{id}`): it goes to `cancelling`, then `cancelled`. */
  cancel(batchId: string, options?: RequestOptions): APIPromise<Batch> {
    return this.#client._callOn('delete', '/v1/batches/{batchId}', batchId, undefined, options);
  }

  /** Looks at the batch every `pollIntervalMs` until it has finished (completed, failed,
   * expired or cancelled), and resolves with it. Each look is an ordinary call, with its
   * retries and timeout. */
  async waitUntilDone(batchId: string, { pollIntervalMs = 5000, maxWaitMs = 25 * 3600_000, signal, onProgress }: WaitOptions = {}): Promise<Batch> {
    if (!(pollIntervalMs >= 0) || !(maxWaitMs >= 0)) throw new CerebrasError('waitUntilDone: pollIntervalMs and maxWaitMs must be numbers of milliseconds, 0 or more.');
    const started = Date.now();
    for (;;) {
      const batch = await this.retrieve(batchId, signal ? { signal } : {});
      onProgress?.(batch);
      if (FINISHED_STATUSES.includes(batch.status)) return batch;
      const waited = Date.now() - started;
      if (waited + pollIntervalMs > maxWaitMs) {
        throw new CerebrasError(`waitUntilDone: batch ${batchId} is still ${batch.status} after ${waited} ms (maxWaitMs ${maxWaitMs}).`);
      }
      await sleep(pollIntervalMs, signal);
      if (signal?.aborted) throw new APIUserAbortError();
    }
  }
}

const RESULTS = '/v1/batches/{batchId}/results';
