import helmet from 'helmet'

/**
 * helmet's headers on every answer (no X-Powered-By, nosniff, frame-ancestors, ...), with a
 * Content-Security-Policy the built dashboard runs under: its own scripts only; WebGL needs
 * nothing, but maplibre and mpegts.js start workers from blob: URLs, MSE plays from blob: media
 * URLs, Socket.IO and live video connect to the same origin (`'self'` covers ws: and wss: there),
 * images come from the api (camera snapshots) or are drawn into data:/blob: URLs. React and the
 * chart library set inline style attributes, hence 'unsafe-inline' for styles only.
 * No upgrade-insecure-requests: a wall display on a LAN may reach the api over plain HTTP.
 */
export const securityHeaders = () =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
  })
