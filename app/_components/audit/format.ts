/** Plain formatting shared by the audit review's server and client components. */

export function utcText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** Who acted, in words: a user's name, the command line, the instance itself, or nobody signed in. */
export function actorText(e: { actorId: string | null; actorName: string | null; action: string }): string {
  if (e.actorName) return e.actorName;
  if (e.actorId === "cli") return "Command line";
  if (e.actorId) return "Unknown user";
  return e.action === "consent.expired" ? "Sourcekeeper (automatic)" : "Not signed in";
}

const TIME_KEY = /(At|Until)$/;

/** One payload value as text: arrays joined, objects as JSON, times (…At, …Until) in UTC. */
export function payloadValueText(key: string, value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (Array.isArray(value))
    return value.length ? value.map((v) => (v !== null && typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ") : "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number" && TIME_KEY.test(key) && value > 1e11 && value < 1e14) return `${utcText(value)} (${value})`;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export const shortId = (id: string) => id.slice(0, 8);
