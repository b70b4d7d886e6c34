import type { Metadata } from "next";
import { requireCapability } from "@/lib/auth/session";
import { readSettings } from "@/lib/settings/settings";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireCapability("settings:manage");
  const settings = readSettings();
  return (
    <>
      <h1>Settings</h1>
      <p className="muted">Instance-wide rules. Every change is written to the audit log with the old and the new value.</p>
      <section className="card" aria-labelledby="rules-heading">
        <h2 id="rules-heading" style={{ marginTop: 0 }}>
          Consent, audit and sign-in
        </h2>
        <SettingsForm values={settings} />
      </section>
    </>
  );
}
