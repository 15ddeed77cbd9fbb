import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    // `npm test` must pass on a shared 2-core machine that is busy with other work, where a test
    // can take six to nine times as long as on a quiet one. These bounds catch hangs, never speed:
    // every test stays under a fifth of its timeout there, and the two heavy ones (a large fit, a
    // file over the split size) set a longer one of their own. Measured: test/README.md, "Timeouts".
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
  },
});
