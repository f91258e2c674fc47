import type { Rectangle } from 'electron';

/** The window as the learner left it: its normal (not maximised) bounds, and whether it was maximised. */
export interface SavedWindowState {
  bounds: Rectangle;
  maximized: boolean;
}

/** What the shell needs of a store: electron-store in the app, its base class `conf` in tests. */
export interface KeyValueStore {
  get(key: 'window'): unknown;
  set(key: 'window', value: SavedWindowState): void;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 960, height: 600 } as const;
/** At least this much of the window (its title bar's worth) must be on a screen to be reachable. */
const VISIBLE = { width: 200, height: 48 } as const;

/** JSON Schema for the store, so a hand-edited or damaged file is refused by the store itself. */
export const windowStateSchema = {
  window: {
    type: 'object',
    properties: {
      bounds: {
        type: 'object',
        properties: {
          x: { type: 'integer' },
          y: { type: 'integer' },
          width: { type: 'integer', minimum: 1 },
          height: { type: 'integer', minimum: 1 },
        },
        required: ['x', 'y', 'width', 'height'],
      },
      maximized: { type: 'boolean' },
    },
    required: ['bounds', 'maximized'],
  },
} as const;

function isSaved(value: unknown): value is SavedWindowState {
  const v = value as Partial<SavedWindowState> | undefined;
  const b = v?.bounds;
  return (
    typeof v?.maximized === 'boolean' &&
    b !== undefined &&
    [b.x, b.y, b.width, b.height].every((n) => Number.isFinite(n)) &&
    b.width > 0 &&
    b.height > 0
  );
}

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/**
 * Where the window opens: the saved place when enough of it is on a screen that exists now
 * (its top edge, where it is dragged from), shrunk to fit that screen; otherwise the default
 * size, centred by the OS. A monitor that was unplugged never hides the window.
 */
export function placeWindow(
  saved: unknown,
  displays: ReadonlyArray<{ workArea: Rectangle }>,
): { bounds: Partial<Rectangle> & { width: number; height: number }; maximized: boolean } {
  if (!isSaved(saved)) return { bounds: { ...DEFAULT_SIZE }, maximized: false };
  const { bounds } = saved;
  const titleBar = { x: bounds.x, y: bounds.y, width: bounds.width, height: VISIBLE.height };
  const screen = displays
    .map((d) => d.workArea)
    .find((area) => {
      const seen = overlap(titleBar, area);
      return (
        seen.width >= Math.min(VISIBLE.width, bounds.width) && seen.height >= Math.min(VISIBLE.height, bounds.height)
      );
    });
  if (!screen) {
    // Its screen is gone: the saved size, no larger than the main screen, placed by the OS (centred).
    const main = displays[0]?.workArea;
    return {
      bounds: {
        width: Math.min(bounds.width, main?.width ?? DEFAULT_SIZE.width),
        height: Math.min(bounds.height, main?.height ?? DEFAULT_SIZE.height),
      },
      maximized: saved.maximized,
    };
  }
  const width = Math.min(Math.max(bounds.width, MIN_SIZE.width), screen.width);
  const height = Math.min(Math.max(bounds.height, MIN_SIZE.height), screen.height);
  const x = Math.min(Math.max(bounds.x, screen.x), screen.x + screen.width - width);
  const y = Math.min(Math.max(bounds.y, screen.y), screen.y + screen.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}

/** Reads the saved state; a store that cannot be read is the same as none. */
export function loadWindowState(store: KeyValueStore): unknown {
  try {
    return store.get('window');
  } catch {
    return undefined;
  }
}

export function saveWindowState(store: KeyValueStore, state: SavedWindowState): void {
  store.set('window', {
    bounds: {
      x: Math.round(state.bounds.x),
      y: Math.round(state.bounds.y),
      width: Math.round(state.bounds.width),
      height: Math.round(state.bounds.height),
    },
    maximized: state.maximized,
  });
}
