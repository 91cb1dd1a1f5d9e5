import { i18n } from './i18n.js'

/**
 * How a feature folder adds its own messages, as a namespace of its own:
 *
 *   // wall/map/i18n.ts
 *   export const mapNs = registerMessages('wall.map', {
 *     vi: { title: 'Bản đồ tỉnh' },
 *     en: { title: 'Province map' },
 *   })
 *   // wall/map/ProvinceMap.tsx
 *   import { mapNs } from './i18n.js'
 *   const { t } = useTranslation(mapNs)   // t('title')
 *
 * The type makes English mirror every Vietnamese key, so a missing translation is a compile error.
 * Register at module top level: the folder's components import its i18n.ts, so the bundle is in
 * place before their first render and is code-split with them.
 */
export function registerMessages<Ns extends string, M extends Messages>(
  ns: Ns,
  messages: { vi: M; en: Mirror<M> },
): Ns {
  i18n.addResourceBundle('vi', ns, messages.vi, true, true)
  i18n.addResourceBundle('en', ns, messages.en, true, true)
  return ns
}

export interface Messages {
  [key: string]: string | Messages
}

/** The same keys as M, any strings. */
export type Mirror<M> = { [K in keyof M]: M[K] extends string ? string : Mirror<M[K]> }
