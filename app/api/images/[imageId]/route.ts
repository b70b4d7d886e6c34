import { readImage } from "@/lib/review/images";
import { fileResponse } from "@/app/api/_lib/file-response";

const EXTENSIONS: Record<string, string> = { "image/png": "png", "image/webp": "webp", "image/jpeg": "jpg" };

/** Serves an attached image (already stripped of metadata) to someone who may see its interview. Audited. */
export async function GET(_request: Request, { params }: { params: Promise<{ imageId: string }> }): Promise<Response> {
  const { imageId } = await params;
  return fileResponse((ctx) => {
    const file = readImage({ ctx, imageId });
    return { body: file.bytes, contentType: file.mime, fileName: `image-${file.sha256.slice(0, 12)}.${EXTENSIONS[file.mime] ?? "bin"}` };
  });
}
