import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { configDefaults, defineConfig } from 'vitest/config';

/** Tests that run inside workerd (the Worker's runtime); every other test runs on Node. */
const WORKERD_TESTS = 'tests/worker/**/*.worker.test.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: [...configDefaults.exclude, WORKERD_TESTS],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          pool: 'forks',
        },
      },
      {
        // The Worker as deployed (wrangler.toml: main, vars, D1, compatibility date) in
        // workerd through @cloudflare/vitest-pool-workers; globalSetup builds its D1
        // index first (what wrangler.toml's [build] does for wrangler) and every file
        // loads it into DB (apply-d1.ts); EMPTY_DB stays empty, SWITCH_DB is d1.worker.test.ts's.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: { ADMIN_TOKEN: 'worker-test-admin-token-0123', LOG_LEVEL: 'silent' },
              kvNamespaces: ['FEEDBACK'],
              d1Databases: ['DB', 'EMPTY_DB', 'SWITCH_DB'],
            },
          }),
        ],
        resolve: {
          // wrangler.toml's [alias]: the pool bundles with Vite, not wrangler.
          alias: [
            { find: /^opencc-js$/, replacement: fileURLToPath(new URL('./adapters/worker/opencc.ts', import.meta.url)) },
            { find: /^\.\.\/locales\/index\.js$/, replacement: fileURLToPath(new URL('./adapters/worker/zod-locales.ts', import.meta.url)) },
          ],
        },
        test: {
          name: 'worker',
          include: [WORKERD_TESTS],
          globalSetup: ['tests/worker/global-setup.ts'],
          setupFiles: ['tests/worker/apply-d1.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
