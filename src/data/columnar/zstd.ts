// Zstandard decompression for the binary readers through zstddec (the reference C library built to
// WebAssembly, so one .vsix serves every platform): about 4× the speed of hyparquet-compressors'
// pure-JavaScript fzstd on the bench's Parquet pages. Node 20 has no zstd in zlib (22.15 has).
import { PlainError } from './values';

/** Decompresses one frame whose decompressed length is known (a Parquet page, an Arrow body). */
export type ZstdDecompress = (input: Uint8Array, outputLength: number) => Uint8Array;

let decoder: Promise<ZstdDecompress> | undefined;

/** The decompressor, its WebAssembly instantiated on first use (a failed load is retried). */
export function loadZstd(): Promise<ZstdDecompress> {
  decoder ??= import('zstddec').then(
    async ({ ZSTDDecoder }) => {
      const zstd = new ZSTDDecoder();
      await zstd.init();
      return (input, outputLength) => {
        const output = zstd.decode(input, outputLength);
        // The library returns what it wrote: an error code (a damaged frame) reads as a wrong length.
        if (output.length !== outputLength)
          throw new PlainError(`its zstd-compressed data is damaged (${output.length.toLocaleString('en-US')} bytes decompressed where ${outputLength.toLocaleString('en-US')} were expected)`);
        return output;
      };
    },
    (error: unknown) => {
      decoder = undefined;
      throw error;
    },
  );
  return decoder;
}
