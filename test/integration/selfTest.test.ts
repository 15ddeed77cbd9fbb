// ENTROPY_LENS_SELFTEST_FAIL=integration (or 1) adds a failing test, proving that a broken
// assertion fails `npm test`; see test/README.md.
import * as assert from 'node:assert/strict';
import { selfTestFailRequested } from '../../scripts/codeServer/selfTest';

suite('self-test hook', () => {
  if (selfTestFailRequested('integration')) {
    test('a deliberately broken assertion fails the integration suite', () => {
      assert.equal(1 + 1, 3, 'ENTROPY_LENS_SELFTEST_FAIL asked for this failure');
    });
  }
});
