import * as vscode from 'vscode';
import type { OspoGuideApi } from './api';
import type { ManifestDocuments } from './manifestDocuments';

export function createApi(documents: ManifestDocuments): OspoGuideApi {
  return {
    async dependencies(uriOrString) {
      const uri = typeof uriOrString === 'string' ? vscode.Uri.parse(uriOrString) : uriOrString;
      const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
      if (open) {
        return documents.current(open)?.manifest.dependencies ?? [];
      }
      return (await documents.readClosed(uri))?.dependencies ?? [];
    },
  };
}
