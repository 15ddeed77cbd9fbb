// The self-test hook: ENTROPY_LENS_SELFTEST_FAIL adds one deliberately failing test, to prove
// that a broken assertion makes `npm test` fail. Values: 1 or all (both suites), integration, ui.
/** Whether the self-test failure was requested for `suite`. */
export function selfTestFailRequested(suite: 'integration' | 'ui'): boolean {
  const value = (process.env.ENTROPY_LENS_SELFTEST_FAIL ?? '').trim().toLowerCase();
  return value === '1' || value === 'all' || value.split(',').includes(suite);
}
