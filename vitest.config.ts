import { defineConfig } from 'vitest/config';

// Two projects: `unit` (specs beside the code, fakes allowed) and `integration`
// (test/integration, against a real local cluster the harness brings up once).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{apps,telephony,lb,db,storage,web}/**/src/**/*.spec.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/src/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
