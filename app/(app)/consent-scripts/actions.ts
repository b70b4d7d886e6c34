"use server";

import { runService } from "@/app/_components/run-service";
import { createConsentScript } from "@/lib/consent/create-script";

export async function createConsentScriptAction(input: unknown) {
  return runService(createConsentScript, input, ["/consent-scripts"]);
}
