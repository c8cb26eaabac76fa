/**
 * `cerebras-wasm/batches`: the client with `files` and `batches` (the Batch API: up to 50,000
 * chat requests in a JSONL file, results within 24 hours at half the price), and the helpers to
 * build an input file and read a result file. A subpath of its own, so that an app that only
 * chats bundles none of it: `import Cerebras from 'cerebras-wasm/batches'` instead of
 * `'cerebras-wasm'`, and every other line stays the same.
 */
import { Cerebras as Client, type ClientOptions } from '../index.js';
import { Batches } from './batches.js';
import { Files } from './files.js';

export class Cerebras extends Client {
  /** `Cerebras.Cerebras` is this class, as on the main entry's. */
  static override Cerebras = this;
  readonly files: Files;
  readonly batches: Batches;

  constructor(options: ClientOptions = {}) {
    super(options);
    this.files = new Files(this, options.fetch);
    this.batches = new Batches(this);
  }
}

export default Cerebras;
export { Batches, FINISHED_STATUSES } from './batches.js';
export type { Batch, BatchCreateParams, BatchListParams, BatchRequestCounts, BatchResult, BatchResultError, BatchStatus, WaitOptions } from './batches.js';
export { Files } from './files.js';
export type { FileCreateParams, FileDeleted, FileListParams, FileObject } from './files.js';
export {
  batchInput,
  jsonLines,
  BATCH_ENDPOINT,
  COMPLETION_WINDOW,
  MIN_BATCH_REQUESTS,
  MAX_BATCH_REQUESTS,
  MAX_FILE_BYTES,
  MAX_LINE_BYTES,
  MIN_FILE_EXPIRY_SECONDS,
  MAX_FILE_EXPIRY_SECONDS,
  MAX_ACTIVE_BATCHES,
} from './jsonl.js';
export type { BatchRequest, ReadOptions } from './jsonl.js';
export { CursorPage, PagePromise } from './pagination.js';
export type { ListResponse } from './pagination.js';
