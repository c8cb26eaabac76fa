/**
 * Cursor pagination, as the Files and Batch lists page (`limit`, `after`, `has_more`): awaiting a
 * list gives one page; `for await` over it gives every item, fetching the next page when this
 * one is used up.
 */
import { CerebrasError, type APIPromise, type Cerebras, type RateLimits, type RequestOptions } from '../index.js';

export interface ListResponse<Item> {
  object: 'list';
  data: Item[];
  first_id?: string | null;
  last_id?: string | null;
  has_more: boolean;
}

/** One page of a list. */
export class CursorPage<Item extends { id: string }> implements AsyncIterable<Item> {
  readonly data: Item[];
  readonly has_more: boolean;
  readonly #next: (after: string) => PagePromise<Item>;

  /** @internal */
  constructor(response: ListResponse<Item>, next: (after: string) => PagePromise<Item>) {
    this.data = response.data ?? [];
    this.has_more = response.has_more === true;
    this.#next = next;
  }

  hasNextPage(): boolean {
    return this.has_more && this.data.length > 0;
  }

  /** The page after this one (a request); throws when there is none. */
  getNextPage(): PagePromise<Item> {
    const last = this.data.at(-1);
    if (!this.hasNextPage() || !last) throw new CerebrasError('No next page: check hasNextPage() first.');
    return this.#next(last.id);
  }

  /** This page's items, then every later page's. */
  async *[Symbol.asyncIterator](): AsyncIterator<Item> {
    for (let page: CursorPage<Item> = this; ; page = await page.getNextPage()) {
      yield* page.data;
      if (!page.hasNextPage()) return;
    }
  }
}

/** A list call: a promise of its first page, and an async iterable of all its items. Like every
 * call, `asResponse()` and `withResponse()` give the raw response. */
export class PagePromise<Item extends { id: string }> implements PromiseLike<CursorPage<Item>>, AsyncIterable<Item> {
  readonly #request: APIPromise<ListResponse<Item>>;
  readonly #next: (after: string) => PagePromise<Item>;
  #page: Promise<CursorPage<Item>> | undefined;

  /** @internal */
  constructor(request: APIPromise<ListResponse<Item>>, next: (after: string) => PagePromise<Item>) {
    this.#request = request;
    this.#next = next;
  }

  #parsed(): Promise<CursorPage<Item>> {
    this.#page ??= this.#request.then((response) => new CursorPage(response, this.#next));
    return this.#page;
  }

  then<R1 = CursorPage<Item>, R2 = never>(
    onfulfilled?: ((page: CursorPage<Item>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#parsed().then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<CursorPage<Item> | R> {
    return this.#parsed().catch(onrejected);
  }

  asResponse(): Promise<Response> {
    return this.#request.asResponse();
  }

  async withResponse(): Promise<{ data: CursorPage<Item>; response: Response; rateLimits: RateLimits | undefined }> {
    const [data, { response, rateLimits }] = await Promise.all([this.#parsed(), this.#request.withResponse()]);
    return { data, response, rateLimits };
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Item> {
    yield* await this.#parsed();
  }
}

/** A list endpoint's pages: the first after `params.after`, each next one after the last item
 * of the one before. */
export function listPages<Item extends { id: string }>(client: Cerebras, path: string, params: { limit?: number; after?: string }, options: RequestOptions): PagePromise<Item> {
  const page = (after: string | undefined): PagePromise<Item> =>
    new PagePromise(client.get<unknown, ListResponse<Item>>(path, { ...options, query: { ...(options.query as object | undefined), ...params, ...(after === undefined ? {} : { after }) } }), page);
  return page(params.after);
}
