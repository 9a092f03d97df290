/**
 * Messages beyond LSP between the client and the server, declared once.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** Server → client: the server finished initialising and loaded its catalogs. */
export namespace ServerReadyNotification {
  export const type = new NotificationType<{ version: string; catalogEntries: number }>('gigafactory/serverReady');
}

/** Client → server: the figures of a scenario, for reports and the status bar. */
export namespace FiguresRequest {
  export interface Params { uri: string }
  export interface Result { name?: string; errors: number; warnings: number; capex?: string; totalCost?: string }
  export const type = new RequestType<Params, Result | null, void>('gigafactory/figures');
}
