import * as vscode from 'vscode';
import { readBoundedText, type BoundedText } from '../core/files/boundedReader';

/**
 * Reads a file of the workspace within `maxBytes`: a `file:` URI through the core's bounded reader
 * (regular files only, non-blocking, link hops and time bounded); other schemes (remote, virtual)
 * through the workspace file system, after its `stat` says a file of acceptable size.
 */
export async function readWorkspaceText(uri: vscode.Uri, maxBytes: number): Promise<BoundedText> {
  if (uri.scheme === 'file') {
    return readBoundedText(uri.fsPath, { maxBytes });
  }
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if ((stat.type & vscode.FileType.File) === 0) {
      return { kind: 'refused', cause: stat.type & vscode.FileType.Directory ? 'folder' : 'not-a-file', reason: 'is not a regular file' };
    }
    if (stat.size > maxBytes) {
      return { kind: 'refused', cause: 'too-large', reason: `is ${stat.size} bytes, larger than the ${maxBytes} read at most` };
    }
    // The one read of workspace content outside the core reader: a remote file system gives no descriptor to check.
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (bytes.byteLength > maxBytes) {
      return { kind: 'refused', cause: 'too-large', reason: `grew larger than the ${maxBytes} bytes read at most while being read` };
    }
    return { kind: 'text', text: new TextDecoder().decode(bytes) };
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') {
      return { kind: 'missing' };
    }
    return { kind: 'refused', cause: 'unreadable', reason: `could not be read (${error instanceof vscode.FileSystemError ? error.code : 'unknown error'})` };
  }
}
