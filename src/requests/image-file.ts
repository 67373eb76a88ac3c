import { open, readFile, stat } from 'node:fs/promises';
import {
  IMAGE_SIGNATURE_BYTES,
  badInput,
  checkImageSize,
  checkImageType,
  detectImageType,
  formatMiB,
} from './image-input.js';
import type { ImageAcceptance, ImageInput } from './types.js';

/** No provider takes a larger image; bigger files are refused before they are read. */
export const MAX_IMAGE_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Reads an image file whose type is told by its bytes (PNG, JPEG, GIF or WebP). With
 * `acceptance`, also checks the type and size that provider takes, before reading the whole
 * file. Throws `PeekabooUsageError` (`ERR_BAD_INPUT_FILE`) for a missing or unreadable file,
 * a file that is not one of those images, or one too large.
 */
export async function readImageFile(
  path: string,
  acceptance?: ImageAcceptance,
): Promise<ImageInput> {
  const size = await fileSize(path);
  const mediaType = detectImageType(await readHead(path));
  if (size === 0 || !mediaType) {
    throw badInput(`${path} is not a PNG, JPEG, GIF or WebP image`);
  }
  if (acceptance) {
    checkImageType(mediaType, acceptance, path);
    checkImageSize(size, acceptance, path);
  }
  if (size > MAX_IMAGE_FILE_BYTES) {
    throw badInput(
      `${path} is ${formatMiB(size)}; no provider accepts images over ` +
        formatMiB(MAX_IMAGE_FILE_BYTES),
    );
  }
  const bytes = await readFile(path).catch((error: unknown) => {
    throw unreadable(path, error);
  });
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), mediaType };
}

async function fileSize(path: string): Promise<number> {
  const info = await stat(path).catch((error: unknown) => {
    throw unreadable(path, error);
  });
  if (!info.isFile()) throw badInput(`${path} is not a file`);
  return info.size;
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw unreadable(path, error);
  });
  try {
    const head = new Uint8Array(IMAGE_SIGNATURE_BYTES);
    const { bytesRead } = await handle.read(head, 0, head.byteLength, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function unreadable(path: string, error: unknown) {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return badInput(`image file not found: ${path}`);
  if (code === 'EACCES' || code === 'EPERM') {
    return badInput(`${path} cannot be read (permission denied)`);
  }
  return badInput(`${path} cannot be read (${code ?? (error as Error).message})`);
}
