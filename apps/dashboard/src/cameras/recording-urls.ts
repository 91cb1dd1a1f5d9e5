// Addresses of a camera's recordings. <video> cannot send headers: the token goes in the query,
// as for live.flv (the api checks it the same way).

export function recordingClipUrl(
  origin: string,
  cameraId: string,
  from: Date,
  to: Date,
  token: string,
): string {
  const url = new URL(`/api/cameras/${encodeURIComponent(cameraId)}/clip.mp4`, origin)
  url.searchParams.set('from', from.toISOString())
  url.searchParams.set('to', to.toISOString())
  url.searchParams.set('token', token)
  return url.toString()
}
