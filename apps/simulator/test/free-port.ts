// A free TCP port on loopback (the simulator may not import @ioc/db's test helpers).
import { createServer } from 'node:net'

export function freePort(): Promise<number> {
  return new Promise((ok) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => ok(typeof address === 'object' && address ? address.port : 0))
    })
  })
}
