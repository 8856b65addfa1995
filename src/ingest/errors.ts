/** The one error every reader throws for a file that cannot yield a report, with the reason alone kept apart. */
export class UnreadableReportError extends Error {
  override name = 'UnreadableReportError';
  /** The reason alone, without the file name (e.g. "empty file"). */
  readonly reason: string;
  readonly fileName: string;

  constructor(reason: string, fileName = '', options?: ErrorOptions) {
    super(fileName ? `${fileName}: ${reason}` : reason, options);
    this.reason = reason;
    this.fileName = fileName;
  }
}
