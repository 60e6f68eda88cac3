import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
    environment: 'node',
    // Tests assert results, not time (the bench measures time): on a loaded shared machine the 5 s default failed
    // correct tests (planMoveItems over every subset, CLI moves).
    testTimeout: 60_000,
  },
});
