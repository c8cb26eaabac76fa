/** `cerebras-wasm/uploads`, as the official SDK's `/uploads`: `toFile` and `fileFromPath`. */
export { toFile, fileFromPath } from '../index.js';
export type { ToFileInput, FilePropertyBag, ResponseLike, FileLike, Uploadable } from '../index.js';
