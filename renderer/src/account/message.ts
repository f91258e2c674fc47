/** A form's message, kept as a key and translated when shown: it follows a change of language. */
export interface Message {
  key: string;
  values?: Record<string, unknown>;
  error: boolean;
}
