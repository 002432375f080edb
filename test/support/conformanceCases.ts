// The upstream TestValidatePodUpdate rows, from the copy in test/fixtures/conformance (see its
// README for where they come from): one place names the file so no test reads outside the repo.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Pod } from '../../src/core/pod';

export type ConformanceCase = {
  id: string;
  name: string;
  old: Pod;
  new: Pod;
  valid: boolean;
  errPath?: string;
  errContains?: string;
  errDetail?: string;
  opts?: Record<string, unknown> | null;
};

// Compiled to out/test/support/: three levels up is the repository root.
export const conformanceCasesFile = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'conformance', 'pod-update-cases.json');

export function loadConformanceCases(): ConformanceCase[] {
  return JSON.parse(readFileSync(conformanceCasesFile, 'utf8')) as ConformanceCase[];
}
