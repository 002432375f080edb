import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/cli/usageError';

test('UsageError carries its message', () => {
  assert.equal(new UsageError('bad').message, 'bad');
});
