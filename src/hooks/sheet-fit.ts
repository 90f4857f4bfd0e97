/**
 * On a phone a staff panel may ask the shell's bottom sheet to be only as tall as what the panel shows, at most half
 * the screen (the crew's "Visa på kartan": the list folds away and the map gets the rest), and later hand the height
 * back. Features cannot import the shell, so the request is an event dispatched from inside the sheet; the sheet's
 * owner (src/app/use-phone-sheet.ts) listens on the sheet element, so only a panel in the sheet can ask.
 */
export const SHEET_FIT_EVENT = 'tk:sheet-fit';

export interface SheetFitRequest {
  fit: boolean;
}

export function requestSheetFit(from: Element | null, fit: boolean): void {
  from?.dispatchEvent(new CustomEvent<SheetFitRequest>(SHEET_FIT_EVENT, { bubbles: true, detail: { fit } }));
}
