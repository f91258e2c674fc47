import { describe, expect, it } from 'vitest';
import { languageForLocale, resolveLanguage } from './index.js';
import { en } from './locales/en.js';
import { zhCN } from './locales/zh-CN.js';
import { ERROR_CODES } from '../../../common/errors.js';

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    typeof child === 'string' ? [`${prefix}${key}`] : keys(child as object, `${prefix}${key}.`),
  );
}

describe('translations', () => {
  it('have the same keys in zh-CN and en, none empty', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
    for (const catalog of [en, zhCN])
      for (const key of keys(catalog))
        expect(key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], catalog)).not.toBe('');
  });

  it('translate every error code the core can send', () => {
    for (const code of ERROR_CODES) {
      expect(en.errors).toHaveProperty(code);
      expect(zhCN.errors).toHaveProperty(code);
    }
  });

  it('follow the system language unless the user chose one', () => {
    expect(languageForLocale('zh-CN')).toBe('zh-CN');
    expect(languageForLocale('zh-Hant-TW')).toBe('zh-CN');
    expect(languageForLocale('en-GB')).toBe('en');
    expect(languageForLocale('de')).toBe('en');
    expect(languageForLocale(undefined)).toBe('en');
    expect(resolveLanguage('system', ['zh-CN', 'en'])).toBe('zh-CN');
    expect(resolveLanguage('en', ['zh-CN'])).toBe('en');
  });
});
