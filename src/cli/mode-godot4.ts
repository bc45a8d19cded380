import type { ModeEvents, ServeMode, ServeSettings } from './serve-mode.js';

/** `serve --mode godot4`: waits for the Godot 4 relay (SceneRelayServer). */
export class Godot4Mode implements ServeMode {
  onActivity: (() => void) | null = null;

  constructor(_settings: ServeSettings, _events: ModeEvents) {}

  listen(): Promise<string | null> {
    return Promise.resolve(
      'godot4 mode is not available in this build yet; use --mode godot3 or --mode echo',
    );
  }
  localPort(): number {
    return 0;
  }
  poll(): void {}
  peerCount(): number {
    return 0;
  }
  closeAll(): void {}
  stop(): void {}
}
