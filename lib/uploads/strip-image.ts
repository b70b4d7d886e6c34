import exifReader from "exif-reader";
import sharp, { type Metadata as SharpMetadata } from "sharp";
import { ValidationError } from "../errors";

export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;
const FORMATS = { jpeg: "image/jpeg", png: "image/png", webp: "image/webp" } as const;
type Format = keyof typeof FORMATS;

export interface StrippedImage {
  bytes: Buffer;
  mime: (typeof FORMATS)[Format];
  /** What was found and removed, in plain words ("GPS position", "EXIF (camera details, times)", …). */
  removed: string[];
}

export class UnsupportedUpload extends Error {}

/**
 * The format from the file's first bytes. Only these three formats ever reach the image decoder: libvips can read
 * many more (GIF, TIFF, AVIF/HEIF, SVG…), and every extra decoder is attack surface for a crafted upload.
 */
export function sniffFormat(input: Uint8Array): Format | null {
  const b = (i: number) => input[i] ?? -1;
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return "jpeg";
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b(i) === v)) return "png";
  const ascii = (from: number, to: number) => String.fromCharCode(...input.subarray(from, to));
  if (input.byteLength >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  return null;
}

/**
 * Checks an upload by its content (never its name or declared type) and re-encodes it without any metadata:
 * EXIF (including GPS position, times and camera serials), XMP, IPTC, ICC comments and embedded thumbnails.
 * The picture is turned upright first, so dropping the orientation tag changes nothing visible.
 */
export async function stripImage(input: Uint8Array): Promise<StrippedImage> {
  if (input.byteLength === 0) throw new UnsupportedUpload("The file is empty.");
  if (input.byteLength > MAX_UPLOAD_BYTES) throw new UnsupportedUpload(`The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`);
  const sniffed = sniffFormat(input);
  if (!sniffed) throw new UnsupportedUpload("This is not a JPEG, PNG or WebP image.");
  let meta: SharpMetadata;
  try {
    meta = await sharp(input, { failOn: "error" }).metadata();
  } catch {
    throw new UnsupportedUpload("This is not a JPEG, PNG or WebP image.");
  }
  const format = meta.format as string;
  if (!(format in FORMATS) || format !== sniffed) throw new UnsupportedUpload("Only JPEG, PNG or WebP images can be attached.");
  const removed = describeMetadata(meta);
  const pipeline = sharp(input, { failOn: "error" }).rotate();
  let bytes: Buffer;
  try {
    bytes = await (
      format === "jpeg" ? pipeline.jpeg({ quality: 90 }) : format === "png" ? pipeline.png() : pipeline.webp({ quality: 90 })
    ).toBuffer();
  } catch {
    // The header was readable but the picture is not (cut off, corrupted): the user's file, not a server fault.
    throw new UnsupportedUpload("This image is damaged or incomplete. Scan or save it again and attach the new file.");
  }
  return { bytes, mime: FORMATS[format as Format], removed };
}

function describeMetadata(meta: SharpMetadata): string[] {
  const removed: string[] = [];
  if (meta.exif) {
    let gps = false;
    try {
      const exif = exifReader(meta.exif) as { GPSInfo?: Record<string, unknown> };
      gps = !!exif.GPSInfo && Object.keys(exif.GPSInfo).some((k) => k.startsWith("GPSL"));
    } catch {
      // Unreadable EXIF is removed all the same.
    }
    if (gps) removed.push("GPS position");
    removed.push("EXIF (camera details, times)");
  }
  if (meta.xmp) removed.push("XMP");
  if (meta.iptc) removed.push("IPTC");
  if (meta.icc) removed.push("colour profile");
  return removed;
}

/** stripImage for services: a file the user sent that is not a usable image becomes a message on the file field. */
export async function stripImageForUpload(input: Uint8Array): Promise<StrippedImage> {
  try {
    return await stripImage(input);
  } catch (err) {
    if (err instanceof UnsupportedUpload) throw new ValidationError(err.message, { file: err.message });
    throw err;
  }
}
