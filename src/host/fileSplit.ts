/**
 * Large local CSV/TSV/JSON Lines files read on worker threads, off the extension host's thread.
 * The desktop entry installs the splitter (node/splitLocalFile.ts); the web entry installs none, so
 * this module imports nothing of Node and every file is read on the host's thread there.
 */
import type * as vscode from 'vscode';
import type { FileComputeOptions, FileLossResult } from '../inputs/files';

/** Reads a local file (an fsPath) of one of the line formats on worker threads; undefined: it cannot be cut safely, read it whole. */
export type LocalSplitter = (path: string, size: number, format: 'csv' | 'tsv' | 'jsonl', options: FileComputeOptions) => Promise<FileLossResult | undefined>;

let splitter: LocalSplitter | undefined;

/** Installs (or, with undefined, removes) the splitter of local files. */
export function useLocalSplitter(s: LocalSplitter | undefined): void {
  splitter = s;
}

/** The splitter for this URI: local `file:` URIs on the desktop only. */
export function splitterFor(uri: vscode.Uri): LocalSplitter | undefined {
  return uri.scheme === 'file' ? splitter : undefined;
}
