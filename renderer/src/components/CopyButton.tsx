import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Copies a text to the clipboard and says so for a moment. When the clipboard is refused
 * (no permission, no focus) it says that instead, so nobody pastes an old code by mistake.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  return (
    <button type="button" className="button button--small copy-button" aria-label={label} onClick={() => void copy()}>
      <span aria-live="polite">
        {state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : t('common.copy')}
      </span>
    </button>
  );
}
