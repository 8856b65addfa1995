/**
 * Limits every channel shares, in one place: the HTTP API, the OpenAI-compatible
 * route, the web widget and the chat bots all refuse a longer question.
 */

/** The longest question accepted, in UTF-16 code units (as `String.length` counts). */
export const MAX_QUESTION_CHARS = 2000;
