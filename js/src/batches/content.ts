/**
 * A call whose body is a file's raw content (JSON Lines, `application/x-ndjson`): awaiting it
 * gives the text, which `fs.writeFileSync(path, content)` writes as it came, as the reference's
 * Node examples do; `asResponse()` gives the raw `Response` instead.
 */
import type { APIPromise, Cerebras, RequestOptions } from '../index.js';
import { readText } from './jsonl.js';

export class ContentPromise implements PromiseLike<string> {
  readonly #request: APIPromise<unknown>;
  readonly #timeout: number;
  readonly #signal: AbortSignal | undefined;
  #text: Promise<string> | undefined;

  /** @internal */
  constructor(client: Cerebras, path: string, options: RequestOptions = {}) {
    this.#request = client.get(path, options);
    // The body is read here, not by the call: each read within the call's timeout.
    this.#timeout = options.timeout ?? client.timeout;
    this.#signal = options.signal ?? undefined;
  }

  #read(): Promise<string> {
    this.#text ??= this.#request.asResponse().then((response) => readText(response, { timeout: this.#timeout, signal: this.#signal }));
    return this.#text;
  }

  then<R1 = string, R2 = never>(
    onfulfilled?: ((text: string) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#read().then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<string | R> {
    return this.#read().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<string> {
    return this.#read().finally(onfinally);
  }

  /** The raw `Response`, its body unread unless the text was awaited first. */
  asResponse(): Promise<Response> {
    return this.#request.asResponse();
  }

  /** The text together with the `Response` it came from. */
  async withResponse(): Promise<{ data: string; response: Response }> {
    const data = await this.#read();
    return { data, response: await this.#request.asResponse() };
  }
}
