import { describe, expect, it } from "vitest";
import { sniffFormat } from "@/lib/uploads/strip-image";

/** Only JPEG, PNG and WebP ever reach the image decoder: everything else is refused by its first bytes. */
const bytes = (...values: (number | string)[]) =>
  Uint8Array.from(values.flatMap((v) => (typeof v === "string" ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe("sniffFormat", () => {
  it.each([
    ["jpeg", bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10)],
    ["png", bytes(0x89, "PNG", 0x0d, 0x0a, 0x1a, 0x0a, 0, 0)],
    ["webp", bytes("RIFF", 0x24, 0, 0, 0, "WEBPVP8 ")],
  ])("recognises %s", (format, input) => {
    expect(sniffFormat(input)).toBe(format);
  });

  it.each([
    ["GIF", bytes("GIF89a", 1, 0)],
    ["TIFF", bytes("II*", 0, 8, 0, 0, 0)],
    ["AVIF/HEIF", bytes(0, 0, 0, 0x1c, "ftypavif")],
    ["SVG", bytes('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ["PDF", bytes("%PDF-1.7")],
    ["RIFF that is not WebP (WAV)", bytes("RIFF", 0x24, 0, 0, 0, "WAVEfmt ")],
    ["a truncated JPEG marker", bytes(0xff, 0xd8)],
    ["an empty file", bytes()],
  ])("refuses %s", (_name, input) => {
    expect(sniffFormat(input)).toBeNull();
  });
});
