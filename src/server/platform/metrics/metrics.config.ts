// /metrics settings from the environment (README, "Configuration"). Off unless one is set.

export interface MetricsConfig {
  /** REDRESS_METRICS_TOKEN: GET /metrics needs `Authorization: Bearer <token>` (at least 16 characters). */
  token?: string;
  /** REDRESS_METRICS_PORT: serve /metrics on its own listener at this port instead of the main one. */
  port?: number;
  /** REDRESS_METRICS_HOST: the separate listener's address (default 127.0.0.1). */
  host: string;
}

export function loadMetricsConfig(env: NodeJS.ProcessEnv, problems: string[]): MetricsConfig {
  const token = env.REDRESS_METRICS_TOKEN || undefined;
  if (token !== undefined && (token.length < 16 || /\s/.test(token))) problems.push('REDRESS_METRICS_TOKEN must be at least 16 characters without spaces');
  const rawPort = env.REDRESS_METRICS_PORT || undefined;
  const port = rawPort === undefined ? undefined : /^\d{1,5}$/.test(rawPort) ? Number(rawPort) : NaN;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) problems.push(`REDRESS_METRICS_PORT must be an integer 1–65535, got "${rawPort}"`);
  return { token, port, host: env.REDRESS_METRICS_HOST || '127.0.0.1' };
}
