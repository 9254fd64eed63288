/**
 * A session is the data behind the panel: what it was computed from, kept so that a change of the
 * controls recomputes (on the selection's arrays, or by re-reading the file) and a chosen table
 * row can be shown in an editor.
 */
import type * as vscode from 'vscode';
import type { LossResult, Semantics } from '../core';
import type { FileFacts, PanelOptions, PanelView } from '../shared/panelView';
import type { RevealTarget } from '../shared/protocol';
import type { ErrorReport } from './errors';

/** What computeFile returns and lastResult() gives for files: the primary result plus the file's facts. */
export type FileApiResult = LossResult & { file: FileFacts & { epochs?: { epoch: string; split?: string; loss: number; n: number }[] } };
export type ApiResult = LossResult | FileApiResult;

export interface Computation {
  view: PanelView;
  /** The result under the chosen options. */
  result: LossResult;
  /** What the command returns and lastResult() gives. */
  apiResult: ApiResult;
  /**
   * The rest still to read (a large file's framework comparison, metrics and findings): the view
   * shows the chosen options' number first, and the panel shows what this gives when it comes.
   */
  rest?: (signal: AbortSignal) => Promise<Computation>;
}

export interface ComputeContext {
  signal: AbortSignal;
  /** Called when slow work starts (reading a file), so the panel and the status bar can say so. */
  busy?: (label: string) => void;
  /** How far the slow work is: `fraction` in [0, 1], `detail` in words (e.g. "12 MB of 213 MB"). */
  progress?: (fraction: number, detail: string) => void;
}

export interface Session {
  readonly kind: 'selection' | 'file' | 'database';
  readonly uri: vscode.Uri;
  /** False when the data cannot be had again (e.g. a selection whose text changed after a reload). */
  readonly canRecompute: boolean;
  compute(options: PanelOptions, ctx: ComputeContext): Promise<Computation>;
  /** Shows the place in an editor; with `preserveFocus` the panel keeps the keyboard. */
  reveal(target: RevealTarget, preserveFocus?: boolean): Promise<void>;
  /** A Python snippet reproducing the view's number (or a framework's comparison number). */
  snippet(framework: Semantics, view: PanelView): Promise<string>;
  /** The error as a message naming its place, with a jump action. */
  errorReport(e: unknown): ErrorReport;
  /** Calls `changed` (with a sentence saying what changed) when the data behind the result changes. */
  watch(changed: (message: string) => void): vscode.Disposable;
}
