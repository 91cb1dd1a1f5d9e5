// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { afterEach, describe, expect, it } from 'vitest'
import type { AlertWebhookDelivery } from '@ioc/contracts'
import { i18n } from '../../i18n/i18n.js'
import { WebhookDeliveries } from './WebhookDeliveries.js'

const delivery = (over: Partial<AlertWebhookDelivery>): AlertWebhookDelivery => ({
  id: '1',
  event: 'alert.created',
  seq: 10,
  target: 'https://zalo.example',
  state: 'delivered',
  attempts: 1,
  lastStatus: 200,
  lastError: null,
  updatedAt: '2026-12-04T10:00:00.000Z',
  ...over,
})

describe("an alert's webhook deliveries in its details", () => {
  afterEach(cleanup)

  it("says where each went, how it ended and after how many attempts, in the reader's language", async () => {
    await i18n.changeLanguage('vi')
    render(
      <I18nextProvider i18n={i18n}>
        <WebhookDeliveries
          deliveries={[
            delivery({ attempts: 3 }),
            delivery({
              id: '2',
              event: 'alert.escalated',
              state: 'failed',
              attempts: 7,
              lastStatus: null,
              lastError: 'timeout',
            }),
          ]}
        />
      </I18nextProvider>,
    )
    const items = screen.getAllByRole('listitem').map((li) => li.textContent)
    expect(items[0]).toMatch(/Đã gửi · cảnh báo mới → https:\/\/zalo\.example/)
    expect(items[0]).toMatch(/3 lần gửi · HTTP 200/)
    expect(items[1]).toMatch(/Gửi không được · nâng mức/)
    expect(items[1]).toMatch(/7 lần gửi · timeout/)
    await i18n.changeLanguage('en')
    expect(await screen.findByText(/Delivered/)).toBeTruthy()
    expect(screen.getAllByRole('listitem')[1]!.textContent).toMatch(/7 attempts · timeout/)
  })
})
