// The notebook's preprocessing on plain arrays, with no TF.js import: a cell that only
// needs these (histogram, one-hot example) must not pull in TF.js.

/** Pixels 0..255 as floats in [0, 1] (x / 255). */
export function normalize(images: Uint8Array): Float32Array {
  const out = new Float32Array(images.length);
  for (let i = 0; i < images.length; i++) out[i] = (images[i] ?? 0) / 255;
  return out;
}

/** Labels as one-hot rows of `classes` floats (Keras' to_categorical). */
export function oneHot(labels: Uint8Array, classes = 10): Float32Array {
  const out = new Float32Array(labels.length * classes);
  labels.forEach((label, i) => {
    if (label >= classes) throw new RangeError(`label ${label} at index ${i} is outside 0..${classes - 1}`);
    out[i * classes + label] = 1;
  });
  return out;
}
