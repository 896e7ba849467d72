/**
 * Builds tiny JPEG and PNG files with Exif metadata written by hand (TIFF little-endian: IFD0, and
 * a GPS IFD when asked), so that the tests need no binary fixtures and no EXIF-writing library.
 */
import * as zlib from "node:zlib";

type Entry = { tag: number; type: "byte" | "ascii" | "long" | "rational"; value: string | number[] };

const TYPE_CODES = { byte: 1, ascii: 2, long: 4, rational: 5 } as const;

function encodeValue(entry: Entry): Buffer {
  switch (entry.type) {
    case "ascii":
      return Buffer.from(`${entry.value as string}\0`, "latin1");
    case "byte":
      return Buffer.from(entry.value as number[]);
    case "long": {
      const b = Buffer.alloc(4 * (entry.value as number[]).length);
      (entry.value as number[]).forEach((v, i) => b.writeUInt32LE(v, 4 * i));
      return b;
    }
    case "rational": {
      // each number n becomes the rational (n * 10000) / 10000
      const b = Buffer.alloc(8 * (entry.value as number[]).length);
      (entry.value as number[]).forEach((v, i) => {
        b.writeUInt32LE(Math.round(v * 10000), 8 * i);
        b.writeUInt32LE(10000, 8 * i + 4);
      });
      return b;
    }
  }
}

function count(entry: Entry, data: Buffer): number {
  if (entry.type === "rational") return data.length / 8;
  if (entry.type === "long") return data.length / 4;
  return data.length;
}

/** Size of an IFD with its out-of-line data. */
function ifdSize(entries: Entry[]): number {
  const data = entries.map(encodeValue).filter((d) => d.length > 4);
  return 2 + 12 * entries.length + 4 + data.reduce((n, d) => n + d.length + (d.length % 2), 0);
}

/** One IFD starting at `offset` (from the TIFF header), followed by its out-of-line data. */
function writeIfd(entries: Entry[], offset: number): Buffer {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const head = Buffer.alloc(2 + 12 * sorted.length + 4);
  head.writeUInt16LE(sorted.length, 0);
  const extra: Buffer[] = [];
  let dataOffset = offset + head.length;
  sorted.forEach((entry, i) => {
    const data = encodeValue(entry);
    const at = 2 + 12 * i;
    head.writeUInt16LE(entry.tag, at);
    head.writeUInt16LE(TYPE_CODES[entry.type], at + 2);
    head.writeUInt32LE(count(entry, data), at + 4);
    if (data.length <= 4) {
      data.copy(head, at + 8);
    } else {
      head.writeUInt32LE(dataOffset, at + 8);
      const padded = data.length % 2 ? Buffer.concat([data, Buffer.alloc(1)]) : data;
      extra.push(padded);
      dataOffset += padded.length;
    }
  });
  return Buffer.concat([head, ...extra]);
}

export interface ExifContent {
  make?: string;
  model?: string;
  /** Only technical tags (orientation) besides these. */
  gps?: { latitude: number; longitude: number };
}

/** The TIFF block of an Exif segment. */
export function tiffBlock(content: ExifContent): Buffer {
  const ifd0: Entry[] = [{ tag: 0x0112, type: "long", value: [1] }]; // Orientation (as LONG, fine for readers)
  if (content.make) ifd0.push({ tag: 0x010f, type: "ascii", value: content.make });
  if (content.model) ifd0.push({ tag: 0x0110, type: "ascii", value: content.model });
  const gps: Entry[] | undefined = content.gps && [
    { tag: 0x0000, type: "byte", value: [2, 3, 0, 0] },
    { tag: 0x0001, type: "ascii", value: content.gps.latitude >= 0 ? "N" : "S" },
    { tag: 0x0002, type: "rational", value: dms(Math.abs(content.gps.latitude)) },
    { tag: 0x0003, type: "ascii", value: content.gps.longitude >= 0 ? "E" : "W" },
    { tag: 0x0004, type: "rational", value: dms(Math.abs(content.gps.longitude)) },
  ];
  if (gps) ifd0.push({ tag: 0x8825, type: "long", value: [0] }); // patched below
  const ifd0Offset = 8;
  const gpsOffset = ifd0Offset + ifdSize(ifd0);
  if (gps) ifd0[ifd0.length - 1].value = [gpsOffset];
  const header = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]);
  return Buffer.concat([header, writeIfd(ifd0, ifd0Offset), ...(gps ? [writeIfd(gps, gpsOffset)] : [])]);
}

function dms(degrees: number): number[] {
  const d = Math.floor(degrees);
  const m = Math.floor((degrees - d) * 60);
  const s = (degrees - d - m / 60) * 3600;
  return [d, m, Number(s.toFixed(2))];
}

function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** A JPEG (SOI, APP0 JFIF, APP1 Exif when `exif` is given, EOI): a few hundred bytes. */
export function jpeg(exif?: ExifContent): Buffer {
  const jfif = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const parts = [Buffer.from([0xff, 0xd8]), segment(0xe0, jfif)];
  if (exif) parts.push(segment(0xe1, Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiffBlock(exif)])));
  parts.push(Buffer.from([0xff, 0xd9]));
  return Buffer.concat(parts);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A 1×1 PNG, with an eXIf chunk when `exif` is given. */
export function png(exif?: ExifContent): Buffer {
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]); // 1×1, 8-bit greyscale
  const idat = zlib.deflateSync(Buffer.from([0, 0])); // one scanline: filter byte + one pixel
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    ...(exif ? [chunk("eXIf", tiffBlock(exif))] : []),
    chunk("IDAT", idat),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
