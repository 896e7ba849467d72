/**
 * EXIF metadata that gives away where, when, with what or by whom a picture was taken. Read with
 * exifr from the head of the file (JPEG keeps EXIF in its first 64 KiB; PNG, TIFF, HEIC and AVIF
 * are read the same way). Technical tags (dimensions, orientation, colour space) are not reported.
 */
import * as exifr from "exifr";

/** Tags (as exifr names them) worth warning about besides GPS. */
const IDENTIFYING_TAGS = new Set([
  "Make",
  "Model",
  "LensMake",
  "LensModel",
  "SerialNumber",
  "BodySerialNumber",
  "LensSerialNumber",
  "CameraSerialNumber",
  "OwnerName",
  "CameraOwnerName",
  "Artist",
  "Copyright",
  "HostComputer",
  "ImageDescription",
  "UserComment",
  "DateTimeOriginal",
  "CreateDate",
  "XPAuthor",
  "XPComment",
  "XPSubject",
  "XPTitle",
  "XPKeywords",
]);

/** GPS tags that carry no position. */
const HARMLESS_GPS_TAGS = new Set(["GPSVersionID"]);

export interface ImageMetadata {
  /** GPS tags found, e.g. ["GPSLatitude", "GPSLongitude"]. */
  gps: string[];
  /** Other identifying tags found, e.g. ["Make", "Model"]. */
  identifying: string[];
}

/** The metadata worth a warning in an image's head, or undefined if none (or not an image exifr reads). */
export async function imageMetadata(head: Buffer): Promise<ImageMetadata | undefined> {
  let blocks: Record<string, Record<string, unknown> | undefined> | undefined;
  try {
    blocks = await exifr.parse(head, {
      tiff: true,
      exif: true,
      gps: true,
      ifd1: false,
      interop: false,
      makerNote: false,
      userComment: true,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      ihdr: false,
      mergeOutput: false,
      translateKeys: true,
      translateValues: false,
      reviveValues: false,
    });
  } catch {
    return undefined; // not a format exifr knows, or a damaged file: nothing to report
  }
  if (!blocks) return undefined;
  const present = (block: Record<string, unknown> | undefined) =>
    Object.entries(block ?? {})
      .filter(([, value]) => value !== undefined && value !== null && value !== "")
      .map(([tag]) => tag);
  const gps = present(blocks.gps).filter((tag) => tag.startsWith("GPS") && !HARMLESS_GPS_TAGS.has(tag));
  const identifying = [...new Set([...present(blocks.ifd0), ...present(blocks.exif)])].filter((tag) =>
    IDENTIFYING_TAGS.has(tag),
  );
  return gps.length > 0 || identifying.length > 0 ? { gps, identifying } : undefined;
}
