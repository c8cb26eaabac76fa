import { CerebrasError } from '../errors.js';

/** A part of the package loaded on first use (dist/lazy/); one that fails to load is a
 * `CerebrasError`, and the next use tries again. */
export function loadPart<Part>(part: Promise<Part>): Promise<Part> {
  return part.catch((cause: unknown) => {
    throw new CerebrasError('A part of cerebras-wasm could not be loaded', { cause });
  });
}
