// The language-server and MCP suites (npm run test:lsp, test:mcp): real servers over stdio, so not in the unit run.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/lsp/**/*.test.ts', 'test/mcp/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
