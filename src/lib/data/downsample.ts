/** CIFAR-10 at half size: the degradation race's 16x16 images, and the file `npm run data` derives from them. */

/** Average-pools bytes [count, s, s, c] by 2x2 to [count, s/2, s/2, c] (rounded), the lab's 16x16 CIFAR-10. */
export function downsample2x(images: Uint8Array, count: number, size: number, channels: number): Uint8Array {
  if (size % 2 !== 0) throw new Error(`Downsampling halves the image side; ${size} is odd.`);
  if (images.length !== count * size * size * channels) {
    throw new Error(`Expected ${count} images of ${size}x${size}x${channels} (${count * size * size * channels} bytes), got ${images.length}.`);
  }
  const h = size / 2;
  const out = new Uint8Array(count * h * h * channels);
  const row = size * channels;
  for (let n = 0; n < count; n++) {
    const src = n * size * row;
    const dst = n * h * h * channels;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < h; x++) {
        for (let c = 0; c < channels; c++) {
          const p = src + 2 * y * row + 2 * x * channels + c;
          const sum = images[p]! + images[p + channels]! + images[p + row]! + images[p + row + channels]!;
          out[dst + (y * h + x) * channels + c] = Math.round(sum / 4);
        }
      }
    }
  }
  return out;
}
