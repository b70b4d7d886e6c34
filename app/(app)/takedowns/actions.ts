"use server";

import { revalidatePath } from "next/cache";
import { runService } from "@/app/_components/run-service";
import { resolveTakedown } from "@/lib/publication/takedowns";

/** Resolves a takedown task; every page (and the navigation's open count) shows it gone. */
export async function resolveTakedownAction(input: unknown) {
  const result = await runService(resolveTakedown, input, []);
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
