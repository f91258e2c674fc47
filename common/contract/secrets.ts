import { z } from 'zod';

/** A secret this start could not open; it is left untouched on disk. */
export type SecretProblem = 'sign-in-unreadable' | 'content-key-unreadable';

/** How this device keeps its secrets (the sign-in, the content key), as Settings shows it. */
export interface SecretStorageStatus {
  /** `os-keychain`: sealed by the OS; `protected-files`: files only this OS account can read. */
  storage: 'os-keychain' | 'protected-files';
  /** Linux: which secret service Electron found (`gnome_libsecret`, `kwallet5`, `basic_text` …). */
  backend: string | null;
  /** Without a keychain the learner may choose to sign in at each start instead. */
  keepSignIn: boolean;
  /** The once-at-start notice about protected files has not been answered yet. */
  noticePending: boolean;
  problems: SecretProblem[];
}

export const secretStorageStatusSchema: z.ZodType<SecretStorageStatus> = z.object({
  storage: z.enum(['os-keychain', 'protected-files']),
  backend: z.string().nullable(),
  keepSignIn: z.boolean(),
  noticePending: z.boolean(),
  problems: z.array(z.enum(['sign-in-unreadable', 'content-key-unreadable'])),
});
export const secretStorageChoiceSchema = z.object({ keepSignIn: z.boolean() }).strict();
