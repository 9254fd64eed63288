/**
 * A data file as bytes, never as a TextDocument (VS Code refuses documents over 50 MB): any scheme
 * (remote, virtual, the web) is read through workspace.fs and handed out in 64 KiB chunks. As an
 * optimisation, the desktop entry installs a streamer for local `file:` URIs (Node fs, see
 * node/localStream.ts) and a positional reader for them (Parquet reads its footer, then only the
 * column chunks it needs); the web entry installs none, so this module imports nothing of Node,
 * and Parquet files on other schemes are read whole through workspace.fs.
 * Re-readable: every call of chunks() starts again at the beginning.
 */
import * as vscode from 'vscode';

export const CHUNK_BYTES = 64 * 1024;

/**
 * Chunks of a local file: 1 MiB, as the CLI reads (fewer turns of the per-chunk JavaScript), into
 * the buffer the reader offers when it offers one (the CSV pair scanner's memory: no copy).
 */
export const LOCAL_CHUNK_BYTES = 1024 * 1024;

/** Offers a buffer of up to `size` bytes for the next chunk, or undefined (the readers' ChunkTarget). */
export type ChunkTarget = (size: number) => Uint8Array | undefined;

export interface ByteSource {
  name: string;
  size?: number;
  /** Each chunk may be a view of a buffer reused for the next one. */
  chunks(into?: ChunkTarget): AsyncIterable<Uint8Array>;
  read?(offset: number, length: number): Promise<Uint8Array>;
}

/** Streams a local file (an fsPath) in chunks of at most chunkBytes, into `into`'s buffers when it offers them. */
export type LocalFileStreamer = (path: string, chunkBytes: number, into?: ChunkTarget) => AsyncIterable<Uint8Array>;

/** Reads bytes [offset, offset + length) of a local file (an fsPath), fewer at its end. */
export type LocalFileReader = (path: string, offset: number, length: number) => Promise<Uint8Array>;

let localStreamer: LocalFileStreamer | undefined;
let localReader: LocalFileReader | undefined;

/** Installs (or, with undefined, removes) the streamer and the positional reader used for local `file:` URIs. */
export function useLocalFileStreamer(streamer: LocalFileStreamer | undefined, reader?: LocalFileReader): void {
  localStreamer = streamer;
  localReader = streamer ? reader : undefined;
}

async function* readThroughWorkspace(uri: vscode.Uri): AsyncGenerator<Uint8Array> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  for (let i = 0; i < bytes.byteLength; i += CHUNK_BYTES) yield bytes.subarray(i, Math.min(i + CHUNK_BYTES, bytes.byteLength));
}

export function byteSource(uri: vscode.Uri, name: string, size: number | undefined): ByteSource {
  const reader = uri.scheme === 'file' ? localReader : undefined;
  return {
    name,
    ...(size === undefined ? {} : { size }),
    chunks: (into?: ChunkTarget) => (uri.scheme === 'file' && localStreamer ? localStreamer(uri.fsPath, LOCAL_CHUNK_BYTES, into) : readThroughWorkspace(uri)),
    ...(reader ? { read: (offset: number, length: number) => reader(uri.fsPath, offset, length) } : {}),
  };
}
