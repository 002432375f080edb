// Reads a CLI input (a regular file, "-" for standard input, a pipe, a device such as /dev/zero)
// with a byte cap: reading stops one byte past the cap, so an endless or huge input costs at most
// that much memory and the time to read it, and ends as a usage error (exit 2) with a message.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { MAX_MANIFEST_BYTES } from '../core/yaml/manifestParser';
import { UsageError } from './usageError';

export async function readBoundedInput(file: string, maxBytes = MAX_MANIFEST_BYTES, stdin: Readable = process.stdin): Promise<string> {
  if (file !== '-') {
    const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
    });
    if (info.isDirectory()) throw new UsageError(`cannot read ${file}: is a directory`);
  }
  const stream = file === '-' ? stdin : createReadStream(file, { highWaterMark: 64 * 1024 });
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += buf.length;
      if (size > maxBytes) {
        throw new UsageError(`${file === '-' ? 'standard input' : file}: more than ${formatMiB(maxBytes)} of input; a pod manifest the API server accepts is at most ${formatMiB(MAX_MANIFEST_BYTES)}`);
      }
      chunks.push(buf);
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  } finally {
    // Stop a device or an endless pipe from being read on; stdin is paused, not closed under others.
    if (stream === stdin) stdin.pause();
    else stream.destroy();
  }
  return Buffer.concat(chunks).toString('utf8');
}

function formatMiB(bytes: number): string {
  const mib = bytes / 1024 / 1024;
  return Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
}
