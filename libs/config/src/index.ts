export * from './load-config.js'
export * from './fields.js'
export * from './ioc-env.js'
export * from './media-play.js'
