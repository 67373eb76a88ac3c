import { PeekabooUsageError } from '../errors.js';
import type { ImageAcceptance, ImageInput, ImageMediaType } from './types.js';

/** Bytes needed to tell the four formats apart (WebP's signature ends at byte 12). */
export const IMAGE_SIGNATURE_BYTES = 12;

const NAMES: Record<ImageMediaType, string> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
};

/**
 * The image type from a file's first bytes (its signature), never from its name:
 * PNG, JPEG, GIF or WebP. `undefined` for anything else.
 */
export function detectImageType(bytes: Uint8Array): ImageMediaType | undefined {
  const ascii = (from: number, to: number) =>
    Buffer.from(bytes.subarray(from, to)).toString('latin1');
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

/** `PNG`, `JPEG`, ... for messages. */
export function describeImageType(mediaType: ImageMediaType): string {
  return NAMES[mediaType];
}

/**
 * Checks an image against what a provider accepts, before anything is sent.
 * Throws `PeekabooUsageError` (`ERR_BAD_INPUT_FILE`) naming the problem and the limit.
 */
export function assertImageAccepted(
  image: ImageInput,
  acceptance: ImageAcceptance,
  label = 'the image',
): void {
  checkImageType(image.mediaType, acceptance, label);
  checkImageSize(image.bytes.byteLength, acceptance, label);
}

/** The type half of `assertImageAccepted`, for callers that know the type before reading. */
export function checkImageType(
  mediaType: ImageMediaType,
  acceptance: ImageAcceptance,
  label: string,
): void {
  if (acceptance.mediaTypes.includes(mediaType)) return;
  const accepted = acceptance.mediaTypes.map(describeImageType).join(', ');
  throw badInput(
    `${label} is a ${describeImageType(mediaType)} image; ` +
      `${acceptance.providerName} accepts ${accepted}`,
    'convert the image, or choose another provider with --provider',
  );
}

/** The size half of `assertImageAccepted`, for callers that know the size before reading. */
export function checkImageSize(size: number, acceptance: ImageAcceptance, label: string): void {
  if (size <= acceptance.maxBytes) return;
  throw badInput(
    `${label} is ${formatMiB(size)}; ${acceptance.providerName} accepts images up to ` +
      formatMiB(acceptance.maxBytes),
    'make the image smaller, or choose another provider with --provider',
  );
}

/** The image as base64 text, the way every provider takes inline images. */
export function encodeBase64(image: ImageInput): string {
  return Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength)
    .toString('base64');
}

/** `data:image/png;base64,...` for APIs that take an image URL. */
export function toDataUrl(image: ImageInput): string {
  return `data:${image.mediaType};base64,${encodeBase64(image)}`;
}

/** A bad input file is a usage problem (exit 2): nothing was sent. */
export function badInput(message: string, hint?: string): PeekabooUsageError {
  return new PeekabooUsageError(message, { code: 'ERR_BAD_INPUT_FILE', hint });
}

/** `3.75 MiB`, `20 MiB`: sizes for messages. */
export function formatMiB(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `${Number(mib.toFixed(mib < 10 ? 2 : 1))} MiB`;
}
