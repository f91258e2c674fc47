import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { z } from 'zod';
import { AppError } from '../../common/errors.js';
import { defaultSettings, settingsSchema, type Settings, type SettingsPatch } from '../../common/settings.js';

const SETTINGS_FILE = 'settings';

export interface SettingsStore {
  get(): Settings;
  update(patch: SettingsPatch): Settings;
  onChange(listener: (settings: Settings) => void): () => void;
  /** Values an institution fixed (provisioning): they override stored ones and cannot be changed. */
  lock(values: SettingsPatch): Settings;
  locked(): (keyof Settings)[];
}

/**
 * Settings persisted as JSON in the data dir through `conf` (electron-store's base, which
 * writes atomically), validated by the same zod schema the contract uses. A file that
 * fails to parse or validate is kept aside as `settings.json.invalid-<time>`, never
 * silently overwritten, and the defaults take its place.
 */
export function openSettingsStore(options: {
  dataDir: string;
  now: () => Date;
  initial?: SettingsPatch;
}): SettingsStore {
  const properties = (z.toJSONSchema(settingsSchema) as { properties: Record<string, object> }).properties;
  const initialDefaults = settingsSchema.parse({ ...defaultSettings, ...options.initial });
  const open = () =>
    new Conf<Settings>({
      cwd: options.dataDir,
      configName: SETTINGS_FILE,
      projectName: 'zhiku',
      schema: properties,
      defaults: initialDefaults,
      clearInvalidConfig: false,
      configFileMode: 0o600,
    });

  let conf: Conf<Settings>;
  try {
    conf = open();
  } catch {
    const file = join(options.dataDir, `${SETTINGS_FILE}.json`);
    if (existsSync(file)) renameSync(file, `${file}.invalid-${options.now().getTime()}`);
    conf = open();
  }

  const listeners = new Set<(settings: Settings) => void>();
  let locks: SettingsPatch = {};
  const read = (): Settings => settingsSchema.parse({ ...initialDefaults, ...conf.store, ...locks });
  const notify = () => {
    const saved = read();
    for (const listener of listeners) listener(saved);
    return saved;
  };

  return {
    get: read,
    update(patch) {
      const refused = Object.keys(patch).filter(
        (key) =>
          key in locks &&
          JSON.stringify(patch[key as keyof SettingsPatch]) !== JSON.stringify(locks[key as keyof SettingsPatch]),
      );
      if (refused.length > 0)
        throw new AppError(
          'SETTING_LOCKED',
          `Locked by the institution: ${refused.join(', ')}.`,
          refused.map((key) => `${key}: locked`),
        );
      const next = settingsSchema.safeParse({ ...read(), ...patch });
      if (!next.success) {
        throw new AppError(
          'INVALID_INPUT',
          'The settings are not valid.',
          next.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
        );
      }
      conf.store = next.data;
      const saved = read();
      for (const listener of listeners) listener(saved);
      return saved;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    lock(values) {
      const checked = settingsSchema.partial().strict().parse(values);
      locks = checked;
      return notify();
    },
    locked: () => Object.keys(locks) as (keyof Settings)[],
  };
}
