export { Button } from './button';
export type { ButtonProps, ButtonVariant } from './button';
export { Panel, Dialog } from './panel';
export { Progress, Spinner } from './progress';
export { PhotoFigure } from './photo-figure';
export { ErrorCodeMessage, ErrorMessage } from './error-message';
export { errorCodeOf, errorKeyOf, storedErrorCode } from './error-code';
export { VisuallyHidden } from './visually-hidden';
export {
  type Lang,
  toLang,
  localeOf,
  svOrEn,
  formatDate,
  formatDateTime,
  formatRelative,
  formatNumber,
  descriptionOf,
  nameOf,
} from './format';
export { csvCell, csvTable, toCsv, type CsvCell, type CsvOptions } from './csv';
export { ChallengeSelect, StatusSelect } from './fields';
export { FoldableLegend } from './foldable-legend';
