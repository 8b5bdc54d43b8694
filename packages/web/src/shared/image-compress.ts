/**
 * Photos are made small on the phone before they wait in the queue: a 12-megapixel camera photo
 * (4–6 MB) becomes a JPEG of about 200–400 KB at 1600 px on its long side, which a weak signal can
 * carry. The EXIF orientation is applied to the pixels, so the photo stands upright everywhere.
 */

/** Long side of a compressed photo, in pixels. */
export const maxPhotoSide = 1600
export const photoQuality = 0.8

export interface Size {
  width: number
  height: number
}

/** The size that fits within `maxSide` on its long side, keeping the ratio; never enlarged. */
export function fitWithin(size: Size, maxSide = maxPhotoSide): Size {
  const { width, height } = size
  if (width <= 0 || height <= 0) return { width: 0, height: 0 }
  const long = Math.max(width, height)
  if (long <= maxSide) return { width, height }
  const scale = maxSide / long
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  }
}

/** Orientations 5–8 turn the picture a quarter: the stored width is the upright height. */
export const swapsSides = (orientation: number) => orientation >= 5 && orientation <= 8

/** The size of the upright picture for stored pixels of `size` and an EXIF orientation. */
export function uprightSize(size: Size, orientation: number): Size {
  return swapsSides(orientation) ? { width: size.height, height: size.width } : size
}

/**
 * The canvas transform that draws stored pixels upright (EXIF orientation 1–8), for a canvas of the
 * upright size `out`: [a, b, c, d, e, f] as CanvasRenderingContext2D.setTransform takes it.
 */
export function orientationTransform(
  orientation: number,
  out: Size,
): [number, number, number, number, number, number] {
  const { width: w, height: h } = out
  switch (orientation) {
    case 2:
      return [-1, 0, 0, 1, w, 0]
    case 3:
      return [-1, 0, 0, -1, w, h]
    case 4:
      return [1, 0, 0, -1, 0, h]
    case 5:
      return [0, 1, 1, 0, 0, 0]
    case 6:
      return [0, 1, -1, 0, w, 0]
    case 7:
      return [0, -1, -1, 0, w, h]
    case 8:
      return [0, -1, 1, 0, 0, h]
    default:
      return [1, 0, 0, 1, 0, 0]
  }
}

export interface JpegInfo {
  /** Stored pixel size (before orientation). */
  width: number
  height: number
  /** EXIF orientation, 1 when absent. */
  orientation: number
}

/** Reads a JPEG's stored size (SOF) and EXIF orientation (APP1) from its first bytes; null when not a JPEG. */
export function readJpegInfo(bytes: Uint8Array): JpegInfo | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let orientation = 1
  let offset = 2
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null
    const marker = bytes[offset + 1] ?? 0
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      offset++
      continue
    }
    if (marker === 0xd9 || marker === 0xda) break
    const length = view.getUint16(offset + 2)
    const segment = offset + 4
    if (marker === 0xe1 && length >= 8)
      orientation = exifOrientation(view, segment, length - 2) ?? orientation
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (segment + 5 > bytes.length) return null
      return { height: view.getUint16(segment + 1), width: view.getUint16(segment + 3), orientation }
    }
    offset = segment + length - 2
  }
  return null
}

function exifOrientation(view: DataView, start: number, length: number): number | null {
  const end = Math.min(view.byteLength, start + length)
  // "Exif\0\0"
  if (start + 14 > end || view.getUint32(start) !== 0x45786966 || view.getUint16(start + 4) !== 0) return null
  const tiff = start + 6
  const order = view.getUint16(tiff)
  if (order !== 0x4949 && order !== 0x4d4d) return null
  const little = order === 0x4949
  const ifd = tiff + view.getUint32(tiff + 4, little)
  if (ifd + 2 > end) return null
  const entries = view.getUint16(ifd, little)
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12
    if (entry + 12 > end) return null
    if (view.getUint16(entry, little) === 0x0112) {
      const value = view.getUint16(entry + 8, little)
      return value >= 1 && value <= 8 ? value : null
    }
  }
  return null
}

/**
 * The orientation still to apply to a decoded bitmap: browsers that honour EXIF hand back the upright
 * size (a quarter-turned photo comes back with its sides swapped), older ones the stored size. Only a
 * quarter turn can be told apart by size; flips alone are left to the browser, which all current ones do.
 */
export function manualTurn(jpeg: JpegInfo | null, decoded: Size): number {
  if (!jpeg || !swapsSides(jpeg.orientation) || jpeg.width === jpeg.height) return 1
  return decoded.width === jpeg.width && decoded.height === jpeg.height ? jpeg.orientation : 1
}

export interface CompressedPhoto {
  blob: Blob
  width: number
  height: number
}

type AnyCanvas = HTMLCanvasElement | OffscreenCanvas

function makeCanvas(size: Size): AnyCanvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(size.width, size.height)
  const canvas = document.createElement('canvas')
  canvas.width = size.width
  canvas.height = size.height
  return canvas
}

function encode(canvas: AnyCanvas, quality: number): Promise<Blob | null> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type: 'image/jpeg', quality })
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality))
}

/** Decodes upright where the browser knows how; older WebViews refuse 'from-image' and decode as stored. */
async function decode(file: Blob): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(file, { imageOrientation: 'from-image' })
  } catch (error) {
    if (error instanceof TypeError) return createImageBitmap(file)
    throw error
  }
}

/**
 * A photo from the camera made ≤ `maxSide` px on its long side as a JPEG, upright. When the browser
 * cannot decode it (HEIC outside Safari) or the result would not be smaller, the original is kept:
 * the server checks and thumbnails whatever it gets.
 */
export async function compressPhoto(
  file: Blob,
  options: { maxSide?: number; quality?: number } = {},
): Promise<CompressedPhoto> {
  const maxSide = options.maxSide ?? maxPhotoSide
  const quality = options.quality ?? photoQuality
  const head = new Uint8Array(await file.slice(0, 128 * 1024).arrayBuffer())
  const jpeg = readJpegInfo(head)
  let bitmap: ImageBitmap
  try {
    bitmap = await decode(file)
  } catch {
    return { blob: file, width: jpeg?.width ?? 0, height: jpeg?.height ?? 0 }
  }
  try {
    const turn = manualTurn(jpeg, { width: bitmap.width, height: bitmap.height })
    const upright = uprightSize({ width: bitmap.width, height: bitmap.height }, turn)
    const out = fitWithin(upright, maxSide)
    const canvas = makeCanvas(out)
    const context = canvas.getContext('2d') as
      | CanvasRenderingContext2D
      | OffscreenCanvasRenderingContext2D
      | null
    if (!context) return { blob: file, ...upright }
    context.setTransform(...orientationTransform(turn, out))
    const drawn = swapsSides(turn) ? { width: out.height, height: out.width } : out
    context.drawImage(bitmap, 0, 0, drawn.width, drawn.height)
    const blob = await encode(canvas, quality)
    const unchanged = out.width === upright.width && out.height === upright.height && turn === 1
    if (!blob || (unchanged && file.type === 'image/jpeg' && blob.size >= file.size))
      return { blob: file, ...upright }
    return { blob, ...out }
  } finally {
    bitmap.close()
  }
}
