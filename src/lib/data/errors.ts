/** A data problem (bad file, failed download, checksum mismatch); the message starts with the file's name. */
export class MnistDataError extends Error {
  /** The file (or URL) the problem is about. */
  readonly file: string;

  constructor(file: string, detail: string, options?: { cause?: unknown }) {
    super(`${file}: ${detail}`, options);
    this.name = 'MnistDataError';
    this.file = file;
  }
}
