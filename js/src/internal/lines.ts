/**
 * Newline-delimited text read as it arrives (`Stream.fromReadableStream`, the Batch API's JSONL
 * bodies): each line trimmed, blank ones skipped. Only each read's own text is split; the piece
 * a line began with is prepended, not re-scanned, so a long line arriving in many reads costs its
 * length once, not once per read.
 *
 * The returned function takes each read (bytes as UTF-8, a character may span reads, or text) and
 * gives the lines it completes; called with no read, those left at the end, the last unended.
 */
export function lineReader(): (read?: Uint8Array | string) => string[] {
  const decoder = new TextDecoder();
  let held = '';
  return (read) => {
    const parts = (typeof read === 'string' ? read : decoder.decode(read, { stream: read !== undefined })).split('\n');
    parts[0] = held + parts[0];
    held = read === undefined ? '' : parts.pop()!;
    return parts.map((line) => line.trim()).filter(Boolean);
  };
}
