/**
 * Newline-delimited text read as it arrives (`Stream.fromReadableStream`, the Batch API's JSONL
 * bodies): each line trimmed, blank ones skipped. Only the new text is scanned for a line's end,
 * so a long line arriving in many reads costs its length once, not once per read.
 */
export class Lines {
  #decoder = new TextDecoder();
  /** Text after the last line's end. */
  #held = '';

  /** The lines a read completes (bytes as UTF-8, a character may span reads, or text); with no
   * read, those left at the end, the last one unended. */
  add(read?: Uint8Array | string): string[] {
    const held = this.#held + (typeof read === 'string' ? read : this.#decoder.decode(read, { stream: read !== undefined }));
    const lines: string[] = [];
    let start = 0;
    for (let end = held.indexOf('\n', this.#held.length); end >= 0; end = held.indexOf('\n', start)) {
      lines.push(held.slice(start, end));
      start = end + 1;
    }
    this.#held = held.slice(start);
    if (read === undefined) lines.push(this.#held);
    return lines.map((line) => line.trim()).filter(Boolean);
  }
}
