import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Convention 2/14: a service that writes in a transaction must authorize (assertCan) and audit
 * (appendAuditEvent). Checked on the syntax tree, so a name in a comment or a string does not count.
 */
const ROOT = path.resolve(__dirname, "../../..");

/**
 * Flows that legitimately run without a signed-in actor, so they cannot call assertCan:
 * - setup-instance.ts: first run, nobody exists yet (guarded by the singleton instance_setup row).
 * - authenticate.ts:   sign-in, the user is not signed in yet (guarded by throttling).
 * - record-sign-out.ts: audits the end of any session; every signed-in user may sign out.
 * - expire-consents.ts: the instance itself records consents whose agreed expiry date passed (server timer, CLI);
 *                      no user acts, and the audit entry has no actor.
 * - rotate-key.ts:     the audit signing key is replaced from the command line by whoever holds DATA_DIR; the
 *                      audit entry (`audit.key_rotated`) has no actor and is signed by the old key.
 * - confirm-password.ts: re-checks the password of whoever is signed in, whatever their role, before a step the
 *                      caller has authorized (a sensitive export); it audits failures only.
 * - record-backup.ts:  backups and restores are run from the command line by whoever holds DATA_DIR; the entries
 *                      (`instance.backed_up`, `instance.restored`) have no actor.
 * - sweep-orphans.ts:  the instance's maintenance removes upload files no row refers to (left by a crash between
 *                      writing a file and committing its row); no user acts, the entry has no actor.
 * - migrate-values.ts: the instance re-seals values from before per-interview data keys at start (or `keys migrate`);
 *                      no user acts, the entry (`keys.values_migrated`, counts) has no actor.
 * - rotate-master-key.ts: the master key is replaced from the command line by whoever holds DATA_DIR
 *                      (`keys.master_rotated`, fingerprints and a count; no actor).
 * They must still write an audit event. Adding to this list needs a reason here.
 */
const NO_ACTOR_ALLOW_LIST = new Set([
  "lib/auth/setup-instance.ts",
  "lib/auth/authenticate.ts",
  "lib/auth/record-sign-out.ts",
  "lib/consent/expire-consents.ts",
  "lib/audit/rotate-key.ts",
  "lib/auth/confirm-password.ts",
  "lib/backup/record-backup.ts",
  "lib/uploads/sweep-orphans.ts",
  "lib/crypto/migrate-values.ts",
  "lib/crypto/rotate-master-key.ts",
]);

/**
 * Transactions that write the audit log's own structure, not a change that needs an entry of its own:
 * - checkpoints.ts: signs a checkpoint over the head of the log (an entry about it would move the head it signs).
 * - dev/append-fake-entries.ts: the development seeder (`npm run cli -- dev seed-audit`) inserts FAKE audit entries in
 *   bulk, chained and checkpointed like appendAuditEvent's; its users, desks and interviews go through the real
 *   (authorized, audited) services. It refuses a database that has users unless forced.
 */
const NO_AUDIT_ALLOW_LIST = new Set(["lib/audit/checkpoints.ts", "lib/dev/append-fake-entries.ts"]);

function calledFunctions(source: string, fileName = "x.ts"): Set<string> {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isIdentifier(callee)) names.add(callee.text);
      else if (ts.isPropertyAccessExpression(callee)) names.add(callee.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}

/** Returns the rule violations of one source file (empty when it complies). */
function checkServiceContract(relPath: string, source: string): string[] {
  const calls = calledFunctions(source, relPath);
  if (!calls.has("withTransaction")) return [];
  const problems: string[] = [];
  if (NO_AUDIT_ALLOW_LIST.has(relPath)) return [];
  if (!calls.has("appendAuditEvent")) problems.push(`${relPath}: calls withTransaction( without appendAuditEvent(`);
  if (!calls.has("assertCan") && !NO_ACTOR_ALLOW_LIST.has(relPath)) problems.push(`${relPath}: calls withTransaction( without assertCan(`);
  return problems;
}

function walk(dir: string, filter: (rel: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "node_modules") continue;
      out.push(...walk(rel, filter));
    } else if (filter(rel)) out.push(rel);
  }
  return out;
}

const libFiles = walk(
  "lib",
  (rel) =>
    rel.endsWith(".ts") &&
    !rel.endsWith(".d.ts") &&
    !rel.startsWith("lib/redaction/") &&
    !/\.test\.ts$/.test(rel) &&
    !rel.includes("/tests/"),
);

describe("service contract: withTransaction ⇒ appendAuditEvent and assertCan", () => {
  it("scans the real services (the scan is not vacuous)", () => {
    const transactional = libFiles.filter((f) => calledFunctions(fs.readFileSync(path.join(ROOT, f), "utf8")).has("withTransaction"));
    for (const known of [
      "lib/users/create-user.ts",
      "lib/users/update-user.ts",
      "lib/users/set-user-active.ts",
      "lib/users/reset-password.ts",
      "lib/users/change-password.ts",
      "lib/desks/create-desk.ts",
      ...NO_ACTOR_ALLOW_LIST,
    ]) {
      expect(transactional).toContain(known);
    }
  });

  it("every file under lib/ that writes in a transaction authorizes and audits", () => {
    const problems = libFiles.flatMap((f) => checkServiceContract(f, fs.readFileSync(path.join(ROOT, f), "utf8")));
    expect(problems).toEqual([]);
  });

  it("every allow-listed file exists (a stale entry would hide a future violation)", () => {
    for (const f of NO_ACTOR_ALLOW_LIST) expect(fs.existsSync(path.join(ROOT, f))).toBe(true);
  });

  describe("the checker itself fails on a service that breaks the rule", () => {
    const compliant = `
      export function archiveThing({ ctx, input }) {
        assertCan(ctx.actor, "thing:archive");
        return withTransaction((tx) => { tx.update(things).set({}).where(x).run(); appendAuditEvent(tx, ctx, ev); });
      }`;
    const noAudit = `
      export function archiveThing({ ctx }) {
        assertCan(ctx.actor, "thing:archive");
        return withTransaction((tx) => tx.update(things).set({}).where(x).run());
      }`;
    const noAuthz = `
      export function archiveThing({ ctx }) {
        return withTransaction((tx) => { tx.delete(things).where(x).run(); appendAuditEvent(tx, ctx, ev); });
      }`;
    const namesOnlyInComments = `
      // assertCan(ctx.actor, "thing:archive") is done by the caller, honest
      /* appendAuditEvent(tx, ctx, ev) */
      const note = "appendAuditEvent(tx) and assertCan(actor)";
      export function archiveThing() { return withTransaction((tx) => tx.delete(things).where(x).run()); }`;
    const readOnly = `export function listThings({ ctx }) { assertCan(ctx.actor, "thing:read"); return getDb().select().from(things).all(); }`;

    it.each([
      ["a compliant service", "lib/things/archive-thing.ts", compliant, 0],
      ["a service that does not audit", "lib/things/archive-thing.ts", noAudit, 1],
      ["a service that does not authorize", "lib/things/archive-thing.ts", noAuthz, 1],
      ["names that only appear in comments and strings", "lib/things/archive-thing.ts", namesOnlyInComments, 2],
      ["a read-only service (no transaction)", "lib/things/list-things.ts", readOnly, 0],
      ["an allow-listed flow still has to audit", "lib/auth/record-sign-out.ts", "withTransaction((tx) => {});", 1],
      [
        "an allow-listed flow may skip assertCan",
        "lib/auth/record-sign-out.ts",
        "withTransaction((tx) => appendAuditEvent(tx, ctx, ev));",
        0,
      ],
      [
        "the allow list is per path, not per file name",
        "lib/other/record-sign-out.ts",
        "withTransaction((tx) => appendAuditEvent(tx, ctx, ev));",
        1,
      ],
    ] as const)("%s → %i problem(s)", (_label, file, source, count) => {
      expect(checkServiceContract(file, source)).toHaveLength(count);
    });
  });
});

describe("layer boundary: app/ never imports db/", () => {
  const appFiles = fs.existsSync(path.join(ROOT, "app")) ? walk("app", (rel) => /\.(ts|tsx|mts|cts|js|jsx)$/.test(rel)) : [];

  function importsOf(relPath: string, source: string): string[] {
    const sf = ts.createSourceFile(
      relPath,
      source,
      ts.ScriptTarget.Latest,
      true,
      relPath.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const specs: string[] = [];
    const visit = (node: ts.Node): void => {
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        specs.push(node.moduleSpecifier.text);
      } else if (
        ts.isCallExpression(node) &&
        (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require"))
      ) {
        const [arg] = node.arguments;
        if (arg && ts.isStringLiteralLike(arg)) specs.push(arg.text);
      } else if (
        ts.isImportEqualsDeclaration(node) &&
        ts.isExternalModuleReference(node.moduleReference) &&
        ts.isStringLiteral(node.moduleReference.expression)
      ) {
        specs.push(node.moduleReference.expression.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    return specs;
  }

  function reachesDb(relPath: string, spec: string): boolean {
    if (spec === "@/db" || spec.startsWith("@/db/")) return true;
    if (spec.startsWith(".")) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(relPath), spec));
      return target === "db" || target.startsWith("db/");
    }
    return false;
  }

  function violations(relPath: string, source: string): string[] {
    return importsOf(relPath, source)
      .filter((s) => reachesDb(relPath, s))
      .map((s) => `${relPath} imports ${s}`);
  }

  it("scans the app (the scan is not vacuous)", () => {
    expect(appFiles.length).toBeGreaterThan(5);
  });

  it("no file under app/ imports from @/db", () => {
    expect(appFiles.flatMap((f) => violations(f, fs.readFileSync(path.join(ROOT, f), "utf8")))).toEqual([]);
  });

  it.each([
    ['import { getDb } from "@/db/client";', 1],
    ['import * as schema from "@/db";', 1],
    ['export { users } from "@/db/schema";', 1],
    ['const m = await import("@/db/transaction");', 1],
    ['import { x } from "../../../../db/client";', 1],
    ['import { x } from "../../../db/client"; // resolves to app/db, not db/', 0],
    ['import { createUser } from "@/lib/users/create-user"; // not "@/db"', 0],
    ['import { dbThing } from "@/lib/dbx";', 0],
  ] as const)("the checker flags %s → %i", (source, count) => {
    expect(violations("app/(app)/admin/users/actions.ts", source)).toHaveLength(count);
  });
});
