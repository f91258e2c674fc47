import { isAbsolute } from 'node:path';
import { AppError } from '../../../common/errors.js';
import type { OperationHandlers, SubscriptionSources } from '../../../common/contract/index.js';
import type { CoreServices } from './core-services.js';

/** Folders for content packs are given whole (a USB drive, a share): relative paths mean nothing to a desktop app. */
function absoluteFolder(folder: string): string {
  if (!isAbsolute(folder))
    throw new AppError('INVALID_INPUT', 'Give the folder as a full path (for example E:\\ or /media/usb).', [
      'folder: not a full path',
    ]);
  return folder;
}

/** Content packs: exporting owned courses to a folder and importing them on another computer. */
export function packOperations({ packs, follow }: CoreServices): {
  operations: Pick<OperationHandlers, 'packs.export' | 'packs.import'>;
  subscriptions: Pick<SubscriptionSources, 'packs.watch'>;
} {
  return {
    operations: {
      'packs.export': ({ courseIds, folder }) => packs.exportPack({ courseIds, folder: absoluteFolder(folder) }),
      'packs.import': ({ folder }) => packs.importPack({ folder: absoluteFolder(folder) }),
    },
    subscriptions: {
      'packs.watch': (_input, emit) => follow(packs.status$, emit),
    },
  };
}
