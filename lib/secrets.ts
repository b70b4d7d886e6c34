import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "./env";

/**
 * Instance secrets. Each comes from the environment when set; otherwise all missing ones are generated once
 * into DATA_DIR/secrets.json (mode 0600). Values are never logged.
 */
export interface Secrets {
  /** Signs session tokens (next-auth). */
  authSecret: string;
  /** 32-byte key (base64) for encrypting sensitive values at rest. */
  dataKey: string;
  /** Ed25519 private key (PKCS#8 PEM) for signing audit checkpoints. */
  auditSigningKey: string;
}

const ENV_NAMES: Record<keyof Secrets, string> = {
  authSecret: "AUTH_SECRET",
  dataKey: "SOURCEKEEPER_DATA_KEY",
  auditSigningKey: "SOURCEKEEPER_AUDIT_SIGNING_KEY",
};

let cached: { dir: string; secrets: Secrets } | null = null;

export function secretsFile(): string {
  return path.join(dataDir(), "secrets.json");
}

function generate(): Secrets {
  const { privateKey } = generateKeyPairSync("ed25519");
  return {
    authSecret: randomBytes(32).toString("base64url"),
    dataKey: randomBytes(32).toString("base64"),
    auditSigningKey: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
  };
}

function readOrCreateFile(file: string): Partial<Secrets> {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Secrets>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fresh = generate();
  try {
    // "wx": fail if another process created it first; then read theirs.
    fs.writeFileSync(file, JSON.stringify(fresh, null, 2), { flag: "wx", mode: 0o600 });
    console.log(`[sourcekeeper] Generated instance secrets in ${file} (mode 0600). Back this file up with the database.`);
    return fresh;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    return JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Secrets>;
  }
}

export function getSecrets(): Secrets {
  const dir = dataDir();
  if (cached?.dir === dir) return cached.secrets;
  const fromEnv = (key: keyof Secrets) => process.env[ENV_NAMES[key]]?.trim() || undefined;
  const allFromEnv = (Object.keys(ENV_NAMES) as (keyof Secrets)[]).every((k) => fromEnv(k));
  const stored = allFromEnv ? {} : readOrCreateFile(secretsFile());
  const pick = (key: keyof Secrets): string => {
    const value = fromEnv(key) ?? stored[key];
    if (!value) throw new Error(`Secret ${ENV_NAMES[key]} is missing from the environment and from ${secretsFile()}`);
    return value;
  };
  const secrets: Secrets = { authSecret: pick("authSecret"), dataKey: pick("dataKey"), auditSigningKey: pick("auditSigningKey") };
  cached = { dir, secrets };
  return secrets;
}

/** Where a replacement secrets file waits until the database has recorded the change (key rotation). */
export function pendingSecretsFile(): string {
  return `${secretsFile()}.next`;
}

/** The secrets as stored in DATA_DIR (not the environment), or null when the file does not exist. */
export function storedSecrets(): Partial<Secrets> | null {
  try {
    return JSON.parse(fs.readFileSync(secretsFile(), "utf8")) as Partial<Secrets>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/** True when the audit signing key comes from the environment (it cannot be rotated from here). */
export function signingKeyFromEnvironment(): boolean {
  return !!process.env[ENV_NAMES.auditSigningKey]?.trim();
}

export function writePendingSecrets(secrets: Partial<Secrets>): void {
  fs.writeFileSync(pendingSecretsFile(), JSON.stringify(secrets, null, 2), { mode: 0o600 });
}

/** Replaces secrets.json with the pending file (an atomic rename) and forgets the cached values. */
export function promotePendingSecrets(): void {
  fs.renameSync(pendingSecretsFile(), secretsFile());
  cached = null;
}

export function discardPendingSecrets(): void {
  fs.rmSync(pendingSecretsFile(), { force: true });
}

export function readPendingSecrets(): Partial<Secrets> | null {
  try {
    return JSON.parse(fs.readFileSync(pendingSecretsFile(), "utf8")) as Partial<Secrets>;
  } catch {
    return null;
  }
}

/** Forgets the cached values so the next getSecrets() reads them again (another process rotated a key). */
export function forgetCachedSecrets(): void {
  cached = null;
}

/** True when the master data key comes from the environment (it cannot be rotated from here). */
export function dataKeyFromEnvironment(): boolean {
  return !!process.env[ENV_NAMES.dataKey]?.trim();
}
