// Vietnamese first; English mirrors every key (the type makes a missing translation a compile error).
export const vi = {
  appTitle: 'Trung tâm điều hành thông minh',
  site: 'Quảng Nam',
  systemStatus: 'Trạng thái hệ thống',
  overall: 'Tổng thể',
  database: 'Cơ sở dữ liệu',
  broker: 'MQTT broker',
  pipelines: 'Luồng xử lý',
  noPipelines: 'Chưa có dịch vụ nào báo cáo.',
  ok: 'Hoạt động',
  degraded: 'Suy giảm',
  down: 'Ngừng',
  loading: 'Đang tải…',
  apiUnreachable: 'Không kết nối được máy chủ API. Đang thử lại…',
  lastChecked: 'Kiểm tra lúc',
  language: 'English',
  uptime: 'Thời gian chạy',
}

export type Messages = typeof vi

export const en: Messages = {
  appTitle: 'Intelligent Operations Center',
  site: 'Quang Nam',
  systemStatus: 'System status',
  overall: 'Overall',
  database: 'Database',
  broker: 'MQTT broker',
  pipelines: 'Pipelines',
  noPipelines: 'No service has reported yet.',
  ok: 'Up',
  degraded: 'Degraded',
  down: 'Down',
  loading: 'Loading…',
  apiUnreachable: 'Cannot reach the API server. Retrying…',
  lastChecked: 'Checked at',
  language: 'Tiếng Việt',
  uptime: 'Uptime',
}

export type Locale = 'vi' | 'en'
export const messages: Record<Locale, Messages> = { vi, en }
