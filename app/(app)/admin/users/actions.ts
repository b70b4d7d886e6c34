"use server";

import { revalidatePath } from "next/cache";
import { ok, toActionResult, type ActionResult } from "@/lib/action-result";
import { requireActionContext } from "@/lib/auth/session";
import { createDesk } from "@/lib/desks/create-desk";
import { createUser } from "@/lib/users/create-user";

export async function createUserAction(input: unknown): Promise<ActionResult<{ userId: string }>> {
  try {
    const ctx = await requireActionContext();
    const result = await createUser({ ctx, input: { ...(input as object), mustChangePassword: true } });
    revalidatePath("/admin/users");
    return ok(result);
  } catch (err) {
    return toActionResult(err);
  }
}

export async function createDeskAction(input: unknown): Promise<ActionResult<{ deskId: string }>> {
  try {
    const ctx = await requireActionContext();
    const result = createDesk({ ctx, input });
    revalidatePath("/admin/users");
    return ok(result);
  } catch (err) {
    return toActionResult(err);
  }
}
