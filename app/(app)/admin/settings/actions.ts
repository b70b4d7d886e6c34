"use server";

import { runService } from "@/app/_components/run-service";
import { updateSettings } from "@/lib/settings/settings";

export async function updateSettingsAction(input: unknown) {
  return runService(updateSettings, input, ["/admin/settings", "/interviews", "/"]);
}
