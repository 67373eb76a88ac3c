import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findProvider } from '../../src/providers/registry.js';
import { readImageFile } from '../../src/requests/image-file.js';
import { assertImageAccepted, detectImageType } from '../../src/requests/image-input.js';
import { imageAcceptanceFor } from '../../src/requests/protocols/index.js';
import { GIF_BYTES, JPEG_BYTES, PNG_BYTES, WEBP_BYTES } from '../fakes/provider-answers.js';

describe('image type by bytes', () => {
  it('recognises PNG, JPEG, GIF and WebP by their signatures', () => {
    assert.equal(detectImageType(PNG_BYTES), 'image/png');
    assert.equal(detectImageType(JPEG_BYTES), 'image/jpeg');
    assert.equal(detectImageType(GIF_BYTES), 'image/gif');
    assert.equal(detectImageType(WEBP_BYTES), 'image/webp');
  });

  it('recognises nothing else, whatever it is called', () => {
    assert.equal(detectImageType(Buffer.from('%PDF-1.7\n')), undefined);
    assert.equal(detectImageType(Buffer.from('RIFF\0\0\0\0WAVEfmt ')), undefined);
    assert.equal(detectImageType(new Uint8Array()), undefined);
  });
});

describe('reading an image file', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'peekaboo-images-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the bytes and the type, ignoring a misleading name', async () => {
    const path = join(dir, 'really-a-png.jpg');
    await writeFile(path, PNG_BYTES);
    const image = await readImageFile(path);
    assert.equal(image.mediaType, 'image/png');
    assert.deepEqual(Buffer.from(image.bytes), PNG_BYTES);
  });

  it('refuses a missing file, a directory, an empty file and a non-image', async () => {
    await writeFile(join(dir, 'empty.png'), '');
    await writeFile(join(dir, 'notes.png'), 'just text');
    const cases: Array<[string, string]> = [
      [join(dir, 'missing.png'), `image file not found: ${join(dir, 'missing.png')}`],
      [dir, `${dir} is not a file`],
      [join(dir, 'empty.png'), `${join(dir, 'empty.png')} is not a PNG, JPEG, GIF or WebP image`],
      [join(dir, 'notes.png'), `${join(dir, 'notes.png')} is not a PNG, JPEG, GIF or WebP image`],
    ];
    for (const [path, message] of cases) {
      await assert.rejects(readImageFile(path), { code: 'ERR_BAD_INPUT_FILE', message });
    }
  });

  it("refuses an image larger than the provider's limit before reading it", async () => {
    const path = join(dir, 'big.png');
    await writeFile(path, Buffer.concat([PNG_BYTES, Buffer.alloc(4 * 1024 * 1024)]));
    await assert.rejects(readImageFile(path, imageAcceptanceFor(findProvider('anthropic'))), {
      code: 'ERR_BAD_INPUT_FILE',
      message: `${path} is 4 MiB; Anthropic accepts images up to 3.75 MiB`,
    });
  });
});

describe('what each provider accepts', () => {
  const gif = { bytes: GIF_BYTES, mediaType: 'image/gif' as const };
  const webp = { bytes: WEBP_BYTES, mediaType: 'image/webp' as const };

  it('refuses GIF for Gemini and anything but PNG and JPEG for Grok', () => {
    assert.throws(() => assertImageAccepted(gif, imageAcceptanceFor(findProvider('gemini'))), {
      message: 'the image is a GIF image; Gemini accepts PNG, JPEG, WebP',
    });
    assert.throws(() => assertImageAccepted(webp, imageAcceptanceFor(findProvider('grok'))), {
      message: 'the image is a WebP image; Grok (xAI) accepts PNG, JPEG',
    });
  });

  it('lets Anthropic and OpenAI take all four formats', () => {
    for (const id of ['anthropic', 'openai']) {
      assertImageAccepted(gif, imageAcceptanceFor(findProvider(id)));
      assertImageAccepted(webp, imageAcceptanceFor(findProvider(id)));
    }
  });
});
