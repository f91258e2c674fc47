import { useTranslation } from 'react-i18next';
import type { Message } from '../app/form-message.js';

/** A form's outcome, translated as it is shown (it follows a change of language); nothing when there is none. */
export function FormMessage({ message, testId }: { message: Message | null; testId?: string }) {
  const { t } = useTranslation();
  if (!message) return null;
  const tr = t as unknown as (key: string, values?: Record<string, unknown>) => string;
  return (
    <p
      className={message.error ? 'field-message field-message--invalid' : 'field-message'}
      role="status"
      data-testid={testId}
    >
      {tr(message.key, message.values)}
    </p>
  );
}
