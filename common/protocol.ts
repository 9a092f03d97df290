/**
 * Messages beyond LSP between the client and the server, declared once.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** Server → client: the server finished initialising and loaded its catalogs. */
export namespace ServerReadyNotification {
  export interface Params {
    version: string;
    catalogEntries: number;
    /** The V8 and Node flags the server process runs with (`process.execArgv`). */
    nodeFlags: string[];
  }
  export const type = new NotificationType<Params>('gigafactory/serverReady');
}

/** Client → server: the figures of a scenario, for reports and the status bar. */
export namespace FiguresRequest {
  export interface Params { uri: string }
  export interface Result { name?: string; errors: number; warnings: number; capex?: string; totalCost?: string }
  export const type = new RequestType<Params, Result | null, void>('gigafactory/figures');
}

/**
 * Client → server: the cost report of an open scenario as one self-contained
 * HTML page (the same page `gigafactory report --format html` writes), for the
 * report webview. Null when the document is not open on the server.
 */
export namespace ReportRequest {
  export interface Params { uri: string }
  export interface Result { title: string; html: string; errors: number; warnings: number }
  export const type = new RequestType<Params, Result | null, void>('gigafactory/report');
}

/**
 * Client → server: an open scenario compared figure by figure with another
 * version of it (another file's text, or the text at git HEAD), as an HTML
 * page. `otherLabel` names the other side (a file name, `HEAD`).
 */
export namespace CompareRequest {
  export interface Params { uri: string; otherText: string; otherLabel: string; label?: string }
  export interface Result { title: string; html: string }
  export const type = new RequestType<Params, Result | null, void>('gigafactory/compare');
}

/**
 * Client → server: the text of a read-only catalog view
 * (`gigafactory-catalog:/accelerators.yaml`, `gigafactory-catalog:/countries.yaml`),
 * which go to definition opens for built-in catalog entries. Null for any other URI.
 */
export namespace CatalogDocumentRequest {
  export interface Params { uri: string }
  export interface Result { text: string }
  export const type = new RequestType<Params, Result | null, void>('gigafactory/catalogDocument');
}
