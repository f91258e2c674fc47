/** English strings. zh-CN must provide every key (checked by the type of `zhCN`). */
export const en = {
  app: {
    name: 'Zhiku',
    tagline: 'Knowledge you own, wherever you are',
  },
  nav: {
    label: 'Main navigation',
    home: 'Home',
    settings: 'Settings',
    about: 'About',
  },
  home: {
    title: 'Welcome to Zhiku',
    lead: 'Courses you buy are yours to keep: download them, study on the train, and pick up on any of your laptops where you left off.',
    serverCard: 'Sync server',
    catalogCount_one: '{{count}} course in the catalog',
    catalogCount_other: '{{count}} courses in the catalog',
    checkNow: 'Check now',
    lastChecked: 'Last checked {{time}}',
    offlineHint: 'You can keep studying everything already on this device. Zhiku syncs when the server is back.',
    deviceCard: 'This device',
    runtime_electron: 'Desktop app',
    runtime_node: 'Web mode',
  },
  status: {
    online: 'Online',
    offline: 'Offline',
    checking: 'Checking…',
    coreDisconnected: 'Lost the connection to the Zhiku core. Restart the app or reopen its address.',
  },
  settings: {
    title: 'Settings',
    language: 'Language',
    languageSystem: 'Follow the system',
    theme: 'Theme',
    themeSystem: 'Follow the system',
    themeLight: 'Light',
    themeDark: 'Dark',
    syncServer: 'Sync server',
    syncServerHelp: 'The address of your Zhiku sync server. Your institution may have given you one.',
    syncServerUrl: 'Server address',
    save: 'Save',
    saved: 'Saved',
  },
  about: {
    title: 'About Zhiku',
    version: 'Version',
    runtime: 'Runs in',
    platform: 'Platform',
    versions: 'Runtime versions',
    systemLocale: 'System language',
    dataDir: 'Data folder',
    startedAt: 'Started',
  },
  missingSecret: {
    title: 'Open Zhiku from its launch address',
    body: 'This page needs the address printed when Zhiku started in web mode (it ends with #secret=…). For your safety the app cannot be used without it.',
  },
  errors: {
    INVALID_INPUT: 'That value is not valid.',
    UNKNOWN_OPERATION: 'This version of the app does not support that action.',
    UNAUTHORIZED: 'You are not allowed to do that.',
    NOT_FOUND: 'Not found.',
    SERVER_UNREACHABLE: 'The sync server cannot be reached.',
    SERVER_ERROR: 'The sync server answered with an error.',
    STORAGE_FAILED: 'Saving on this device failed.',
    CORE_UNAVAILABLE: 'The Zhiku core is not reachable.',
    INTERNAL: 'Something went wrong. Please try again.',
  },
};

type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };
export type MessageCatalog = Messages<typeof en>;
