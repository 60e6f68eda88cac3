// One output channel for the extension; errors are logged here and shown once.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;
let shown = false;

function out(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Backlog as Code', { log: true });
  return channel;
}

export function log(message: string): void {
  out().info(message);
}

export function logError(message: string, error: unknown): void {
  out().error(`${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  if (!shown) {
    shown = true;
    out().show(true);
  }
}

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}
