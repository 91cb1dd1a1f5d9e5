import type { KpiValueInput } from '@ioc/contracts'

// Published actual values of those KPIs, each citing its publication: the history the
// dashboard starts from. Stored without overwriting, so reported values always win.

const DTI_2022 = 'DTI 2022, Bộ Thông tin và Truyền thông (dti.gov.vn)'
const DTI_2023 = 'DTI 2023, Bộ Thông tin và Truyền thông (dti.gov.vn)'
const EMC_2024 = 'Hệ thống EMC, kết quả năm 2024'

export const kpiHistory: { kpiId: string; values: KpiValueInput[] }[] = [
  {
    kpiId: 'dti-diem',
    values: [
      { period: '2022', value: 0.5808, scope: 'province', area: 'Quảng Nam', source: DTI_2022 },
      { period: '2022', value: 0.5791, scope: 'province', area: 'Bình quân cả nước', source: DTI_2022 },
    ],
  },
  {
    kpiId: 'dti-xep-hang',
    values: [
      { period: '2022', value: 31, scope: 'province', area: 'Quảng Nam', source: DTI_2022 },
      { period: '2022', value: 26, scope: 'province', area: 'Quảng Ngãi', source: DTI_2022 },
      { period: '2023', value: 21, scope: 'province', area: 'Quảng Ngãi', source: DTI_2023 },
      { period: '2022', value: 29, scope: 'province', area: 'Bình Định', source: DTI_2022 },
    ],
  },
  // Quảng Nam's pillars of DTI 2022, with its rank among the 63 in each
  ...(
    [
      ['dti-chinh-quyen-so', 0.6674, 30],
      ['dti-kinh-te-so', 0.6062, 45],
      ['dti-xa-hoi-so', 0.5585, 41],
    ] as const
  ).map(([kpiId, value, rank]) => ({
    kpiId,
    values: [
      {
        period: '2022',
        value,
        scope: 'province' as const,
        area: 'Quảng Nam',
        source: `${DTI_2022}, hạng ${rank}/63`,
      },
    ],
  })),
  {
    kpiId: 'emc-ho-so-toan-trinh',
    values: [
      {
        period: '2024',
        value: 45.8,
        scope: 'province',
        area: 'Cả nước',
        source: `${EMC_2024} (mục tiêu cả nước 50%)`,
      },
      { period: '2024', value: 18.54, scope: 'province', area: 'Bình quân các tỉnh', source: EMC_2024 },
      { period: '2024', value: 68.54, scope: 'province', area: 'Hà Nam', source: EMC_2024 },
      { period: '2024', value: 58.89, scope: 'province', area: 'Đà Nẵng', source: EMC_2024 },
    ],
  },
]
