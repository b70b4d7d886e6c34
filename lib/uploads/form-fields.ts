import { ValidationError } from "../errors";

/**
 * Reads an upload action's argument: a FormData with a non-empty `file` and text fields. Anything else a client
 * sends in its place (no argument, a string, an object, a file where text belongs) is bad input with a message on
 * the file field, never a crash.
 */
export function uploadFields<K extends string>(
  formData: unknown,
  names: readonly K[],
  messages: { message: string; file: string },
): { file: File; fields: Record<K, string> } {
  const file = formData instanceof FormData ? formData.get("file") : null;
  if (!(formData instanceof FormData) || !(file instanceof File) || file.size === 0) throw new ValidationError(messages.message, { file: messages.file });
  const fields = {} as Record<K, string>;
  for (const name of names) {
    const value = formData.get(name);
    fields[name] = typeof value === "string" ? value : "";
  }
  return { file, fields };
}
