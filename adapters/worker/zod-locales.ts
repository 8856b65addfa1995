/**
 * Stands in for zod's `locales` namespace in the Worker bundle (wrangler.toml's
 * [alias]): zod re-exports every one of its ~50 error-message translations
 * there, 260 KB that esbuild cannot drop because @hono/zod-openapi extends the
 * whole `z` namespace. The app sets no locale, so zod keeps its English
 * default, which zod imports on its own (locales/en.js), not through this.
 */
export {};
