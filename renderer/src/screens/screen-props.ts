import type { ServerStatus } from '../../../common/contract/index.js';
import type { Settings } from '../../../common/settings.js';

export interface ScreenProps {
  settings: Settings;
  serverStatus: ServerStatus | undefined;
}
