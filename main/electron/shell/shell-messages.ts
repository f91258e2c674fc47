/** What the shell says before the UI exists: native dialogs, in the system's language. */
export interface ShellMessages {
  title: string;
  dataFolder(folder: string, reason: string): string;
  startup(reason: string, logFile: string): string;
  pageFailed(reason: string): string;
}

const MESSAGES: Record<'en' | 'zh-CN', ShellMessages> = {
  en: {
    title: 'Zhiku cannot start',
    dataFolder: (folder: string, reason: string) =>
      `Zhiku could not use its data folder:\n${folder}\n\n${reason}\n\nWhat to do: check that the folder (or the drive it is on) exists and that your account may write to it, or ask the person who set up this computer (ZHIKU_DATA_DIR).`,
    startup: (reason: string, logFile: string) =>
      `Something went wrong while Zhiku was starting:\n${reason}\n\nNothing you saved was changed. What to do: start Zhiku again. If this keeps happening, send this message and the log (${logFile}) to support.`,
    pageFailed: (reason: string) =>
      `Zhiku's window could not load (${reason}). Reinstall Zhiku; your courses and notes are kept.`,
  },
  'zh-CN': {
    title: '知库无法启动',
    dataFolder: (folder: string, reason: string) =>
      `知库无法使用其数据文件夹：\n${folder}\n\n${reason}\n\n请检查：该文件夹（或所在磁盘）是否存在，当前账户是否有写入权限；或联系为本机做配置的人员（ZHIKU_DATA_DIR）。`,
    startup: (reason: string, logFile: string) =>
      `知库启动时出错：\n${reason}\n\n你保存的内容没有任何改动。请再次启动知库；若反复出现，请把这条信息和日志（${logFile}）发给客服。`,
    pageFailed: (reason: string) => `知库的窗口无法加载（${reason}）。请重新安装知库；你的课程和笔记都会保留。`,
  },
};

export function shellMessages(locale: string): ShellMessages {
  return locale.toLowerCase().startsWith('zh') ? MESSAGES['zh-CN'] : MESSAGES.en;
}
