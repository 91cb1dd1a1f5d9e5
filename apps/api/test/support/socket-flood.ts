// Run with `node --import tsx`. A client flooding the api with `subscribe`, in a process of its own so that its own work does not
// slow the api it measures. argv: url token count. Prints one JSON line: what happened to it.
import { io } from 'socket.io-client'
import type { ErrorBody } from '@ioc/contracts'

const [url, token, count] = process.argv.slice(2)
const socket = io(url, {
  path: '/socket.io',
  transports: ['websocket'],
  auth: { token },
  reconnection: false,
})
const result: { acks: number; errors: ErrorBody[]; reason: string | null; sentMs: number | null } = {
  acks: 0,
  errors: [],
  reason: null,
  sentMs: null,
}
socket.on('error', (e: ErrorBody) => result.errors.push(e))
socket.once('connect_error', (err) => {
  console.log(JSON.stringify({ ...result, reason: `connect_error: ${err.message}` }))
  process.exit(1)
})
socket.once('connect', () => {
  const t0 = performance.now()
  for (let i = 0; i < Number(count); i++)
    socket.emit('subscribe', { rooms: [`district:flood-${i}`] }, () => void result.acks++)
  result.sentMs = Math.round(performance.now() - t0)
  console.log(JSON.stringify({ event: 'sent' }))
})
socket.once('disconnect', (reason) => {
  result.reason = reason
  // late acks and the error event may still be on their way
  setTimeout(() => {
    console.log(JSON.stringify(result))
    process.exit(0)
  }, 200)
})
// Never disconnected: report that (the test fails on it) instead of hanging.
setTimeout(() => {
  console.log(JSON.stringify({ ...result, reason: 'still connected after 15 s' }))
  process.exit(0)
}, 15_000).unref()
