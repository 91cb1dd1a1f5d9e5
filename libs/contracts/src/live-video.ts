// How a client plays `GET /api/cameras/{id}/live.flv` with mpegts.js: the other half of that
// interface. The glass-to-glass test (apps/api/test/live-delay.e2e.test.ts) plays with exactly
// these settings, so a video wall tile that uses them keeps what that test measured (delay under
// 1.5 s on loopback). Plain data: mpegts.js stays a dependency of the clients only.

/** mpegts.js' MediaDataSource for a camera's live.flv, without the URL. */
export const liveFlvSource = {
  type: 'flv',
  isLive: true,
  // node-media-server's FLV header announces audio even for cameras without it; mpegts.js would
  // wait for audio that never comes
  hasAudio: false,
} as const

/** mpegts.js' Config for live viewing. */
export const liveFlvPlayerConfig = {
  // hand every chunk to the decoder as it arrives instead of collecting a stash first
  enableStashBuffer: false,
  // a viewer joins at the last key frame node-media-server keeps, up to a GOP behind live (1-4 s
  // with real cameras); more than 0.8 s of buffered video is skipped, down to 0.3 s
  liveBufferLatencyChasing: true,
  liveBufferLatencyMaxLatency: 0.8,
  liveBufferLatencyMinRemain: 0.3,
  // below that, more than 0.5 s buffered plays at 1.2x until 0.3 s remain: a viewer that joined
  // half a GOP behind catches up in under 2 s without a jump
  liveSync: true,
  liveSyncMaxLatency: 0.5,
  liveSyncTargetLatency: 0.3,
  liveSyncPlaybackRate: 1.2,
} as const
