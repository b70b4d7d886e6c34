/**
 * The client address for throttling. `next start` sets x-forwarded-for for direct connections; behind a
 * reverse proxy, that proxy must overwrite (not append to) the header. The first hop is used.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || "unknown";
}
