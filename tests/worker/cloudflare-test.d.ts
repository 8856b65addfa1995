/** What the workerd tests use of `cloudflare:test` (@cloudflare/vitest-pool-workers; the project carries no @cloudflare/workers-types). */
declare module 'cloudflare:test' {
  /** The Worker of wrangler.toml's `main`, called as the outside world would. */
  export const SELF: { fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> };
  /** Its bindings and variables (wrangler.toml plus the vitest project's overrides). */
  export const env: Record<string, unknown>;
}
