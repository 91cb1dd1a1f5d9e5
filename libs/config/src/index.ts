export * from './load-config.js'
export * from './fields.js'
export * from './ioc-env.js'
