/** An error in how the CLI was called or in its input files: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
