/**
 * `Stream.tee()`'s split, loaded on its first use: two iterators over one source, each reading
 * its own queue of the source's results, at its own pace; whichever side is ahead pulls from the
 * source for both.
 */
export function split<Item>(source: AsyncIterator<Item>): [AsyncIterator<Item>, AsyncIterator<Item>] {
  const queues: Array<Array<Promise<IteratorResult<Item>>>> = [[], []];
  const heads = [0, 0];
  const side = (i: 0 | 1): AsyncIterator<Item> => ({
    next: () => {
      const queue = queues[i]!;
      if (heads[i] === queue.length) {
        const result = source.next();
        for (const q of queues) q.push(result);
      }
      const result = queue[heads[i]!]!;
      heads[i]!++;
      // Drop what this side has read, in one splice now and then rather than a shift per item.
      if (heads[i]! > 1024) {
        queue.splice(0, heads[i]!);
        heads[i] = 0;
      }
      return result;
    },
  });
  return [side(0), side(1)];
}
