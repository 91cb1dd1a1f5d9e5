/** Saves `content` as a file the way browsers let a page do it: a temporary link to a Blob. */
export function downloadText(fileName: string, content: string | Blob, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.append(a)
  a.click()
  a.remove()
  // revoked after the click has been handled, or some browsers save nothing
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
