/** Why a video cannot go with a report: too long, too large (the upload takes up to 50 MB; a phone on a weak signal far less). */
export function videoProblem(
  video: { size: number; duration: number | null },
  limits: { maxSeconds: number; maxBytes: number },
): { kind: 'tooLarge' | 'tooLong' } | null {
  if (video.size > limits.maxBytes) return { kind: 'tooLarge' }
  if (video.duration !== null && video.duration > limits.maxSeconds + 0.5) return { kind: 'tooLong' }
  return null
}
