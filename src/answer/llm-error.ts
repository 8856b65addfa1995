/**
 * How a call to the model failed. Its own module so that the answer step can
 * tell these apart without importing the model client (LangChain's OpenAI
 * client, which the Worker bundle must not carry).
 */
export type LlmErrorKind = 'timeout' | 'http' | 'aborted' | 'empty' | 'network';

export class LlmError extends Error {
  constructor(
    message: string,
    readonly kind: LlmErrorKind,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LlmError';
  }
}
