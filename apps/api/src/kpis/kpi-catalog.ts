import type { Kpi, KpiPillar, KpiTarget } from '@ioc/contracts'

type Entry = Omit<Kpi, 'pillar'>

// The KPI catalog of the provincial digital-government plans: what each plan commits to,
// with the plan as the source. Upserted at every start (kpis.seed.ts), so a corrected target
// here reaches every installation. Targets are percentages unless the unit says otherwise.

const QNAM = 'Quảng Nam, Đề án 2768/QĐ-UBND (chuyển đổi số 2021-2025, định hướng 2030)'
const QNGAI = 'Quảng Ngãi, Kế hoạch 169/KH-UBND (2021, đến 2025, định hướng 2030)'
const BDINH = 'Bình Định, Kế hoạch 33/KH-UBND (2024)'
const THOA = 'Thanh Hóa, Quyết định 1118/QĐ-UBND (2019, đến 2025)'
const DTI = 'Chỉ số chuyển đổi số cấp tỉnh (DTI), Bộ Thông tin và Truyền thông, dti.gov.vn'
const EMC = 'Hệ thống giám sát, đo lường dịch vụ công (EMC), kết quả năm 2024'

const t = (period: string, value: number, scope: KpiTarget['scope'] = 'province'): KpiTarget => ({
  period,
  value,
  scope,
})

const pct = (id: string, vi: string, en: string, source: string, targets: KpiTarget[]): Entry => ({
  id,
  name: { vi, en },
  unit: '%',
  direction: 'at_least',
  targets,
  scope: 'province',
  source,
})

const entries: Entry[] = [
  // Quảng Nam (the demo site)
  pct(
    'qnam-giao-dich-xac-thuc',
    'Giao dịch trên Cổng dịch vụ công và hệ thống một cửa điện tử được xác thực điện tử',
    'Transactions on the public-service portal and one-stop systems electronically authenticated',
    QNAM,
    [t('2025', 100)],
  ),
  pct(
    'qnam-dvc-muc-3-4',
    'Dịch vụ công trực tuyến mức độ 3, 4 được nhiều người sử dụng',
    'Widely used online public services at level 3-4',
    QNAM,
    [t('2025', 100)],
  ),
  pct(
    'qnam-dvc-muc-4-da-nen-tang',
    'Dịch vụ công trực tuyến mức độ 4, trên nhiều phương tiện kể cả thiết bị di động',
    'Online public services at level 4 on several devices including mobile',
    QNAM,
    [t('2030', 100)],
  ),
  pct(
    'qnam-ho-so-tren-mang',
    'Hồ sơ công việc được xử lý trên môi trường mạng',
    'Work records processed online',
    QNAM,
    [t('2030', 100, 'province'), t('2030', 90, 'district'), t('2030', 70, 'commune')],
  ),
  pct(
    'qnam-thanh-tra-so',
    'Hoạt động kiểm tra của cơ quan quản lý nhà nước thực hiện thông qua môi trường số',
    'State inspections carried out through digital means',
    QNAM,
    [t('2030', 70)],
  ),
  {
    id: 'dti-diem',
    name: {
      vi: 'Điểm chỉ số chuyển đổi số cấp tỉnh (DTI)',
      en: 'Provincial digital transformation index (DTI)',
    },
    unit: 'điểm (0-1)',
    direction: 'at_least',
    targets: [],
    scope: 'province',
    source: DTI,
  },
  ...(
    [
      ['dti-chinh-quyen-so', 'DTI: chính quyền số', 'DTI: digital government'],
      ['dti-kinh-te-so', 'DTI: kinh tế số', 'DTI: digital economy'],
      ['dti-xa-hoi-so', 'DTI: xã hội số', 'DTI: digital society'],
    ] as const
  ).map(([id, vi, en]): Entry => ({
    id,
    name: { vi, en },
    unit: 'điểm (0-1)',
    direction: 'at_least',
    targets: [],
    scope: 'province',
    source: DTI,
  })),
  {
    id: 'dti-xep-hang',
    name: { vi: 'Xếp hạng DTI (trên 63 tỉnh, thành phố)', en: 'DTI rank (of 63 provinces)' },
    unit: 'hạng',
    direction: 'at_most',
    // Quảng Ngãi, KH 169: among the top 20 provinces in digital government by 2030
    targets: [t('2030', 20)],
    scope: 'province',
    source: `${DTI}; mục tiêu: ${QNGAI}`,
  },
  // Quảng Ngãi
  pct(
    'qngai-tthc-muc-4',
    'Thủ tục hành chính đủ điều kiện được cung cấp trực tuyến mức độ 4',
    'Eligible administrative procedures offered online at level 4',
    QNGAI,
    [t('2025', 100)],
  ),
  pct(
    'qngai-nguoi-dung-xac-thuc',
    'Người dân, doanh nghiệp sử dụng dịch vụ trực tuyến được định danh và xác thực điện tử',
    'People and businesses using online services identified and authenticated',
    QNGAI,
    [t('2025', 100)],
  ),
  // Bình Định
  pct(
    'bdinh-dvc-toan-trinh',
    'Thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình',
    'Eligible procedures offered as full online public services',
    BDINH,
    [t('2024', 100)],
  ),
  pct(
    'bdinh-ho-so-cong-viec-tren-mang',
    'Hồ sơ công việc được xử lý trên môi trường mạng',
    'Work records processed online',
    BDINH,
    [t('2024', 90, 'province'), t('2024', 80, 'district'), t('2024', 60, 'commune')],
  ),
  pct(
    'bdinh-ho-so-tthc-toan-trinh',
    'Hồ sơ thủ tục hành chính được xử lý hoàn toàn trực tuyến',
    'Procedure records processed fully online',
    BDINH,
    [t('2024', 80)],
  ),
  pct(
    'bdinh-hai-long',
    'Mức độ hài lòng của người dân, doanh nghiệp',
    'Satisfaction of people and businesses',
    BDINH,
    [t('2024', 90)],
  ),
  pct(
    'bdinh-httt-cap-do',
    'Hệ thống thông tin được phê duyệt cấp độ an toàn thông tin',
    'State information systems with an approved security level',
    BDINH,
    [t('2024', 90)],
  ),
  pct(
    'bdinh-dai-truyen-thanh-thong-minh',
    'Xã có đài truyền thanh thông minh',
    'Communes with smart radio',
    BDINH,
    [t('2024', 100)],
  ),
  pct('bdinh-kinh-te-so-grdp', 'Tỷ trọng kinh tế số trong GRDP', 'Digital economy share of GRDP', BDINH, [
    t('2024', 10),
  ]),
  pct('bdinh-hop-dong-dien-tu', 'Doanh nghiệp sử dụng hợp đồng điện tử', 'Firms using e-contracts', BDINH, [
    t('2024', 60),
  ]),
  pct(
    'bdinh-dnnvv-nen-tang-so',
    'Doanh nghiệp nhỏ và vừa sử dụng nền tảng số',
    'Small and medium firms on digital platforms',
    BDINH,
    [t('2024', 40)],
  ),
  pct('bdinh-smartphone', 'Người trưởng thành có điện thoại thông minh', 'Adults with a smartphone', BDINH, [
    t('2024', 80),
  ]),
  pct(
    'bdinh-cap-quang-ho-gia-dinh',
    'Hộ gia đình có cáp quang băng rộng',
    'Households with fixed broadband',
    BDINH,
    [t('2024', 80)],
  ),
  pct('bdinh-thon-cap-quang', 'Thôn, bản có cáp quang', 'Villages with fibre', BDINH, [t('2024', 100)]),
  pct(
    'bdinh-tai-khoan-ngan-hang',
    'Người từ 15 tuổi có tài khoản ngân hàng',
    'People aged 15+ with a bank account',
    BDINH,
    [t('2024', 60)],
  ),
  pct('bdinh-chu-ky-so', 'Người trưởng thành có chữ ký số', 'Adults with a digital signature', BDINH, [
    t('2024', 40),
  ]),
  pct(
    'bdinh-dung-dvc-truc-tuyen',
    'Người trưởng thành sử dụng dịch vụ công trực tuyến',
    'Adults using online public services',
    BDINH,
    [t('2024', 40)],
  ),
  pct(
    'bdinh-truong-hoc-khong-tien-mat',
    'Trường học số hóa, thu học phí không dùng tiền mặt',
    'Digital schools collecting fees cashless',
    BDINH,
    [t('2024', 100)],
  ),
  pct(
    'bdinh-benh-vien-khong-tien-mat',
    'Bệnh viện thanh toán không dùng tiền mặt',
    'Cashless hospitals',
    BDINH,
    [t('2024', 100)],
  ),
  pct(
    'bdinh-ho-so-suc-khoe',
    'Người dân có hồ sơ sức khỏe điện tử',
    'People with an electronic health record',
    BDINH,
    [t('2024', 90)],
  ),
  // Thanh Hóa
  pct('thoa-dvc-muc-3', 'Dịch vụ công trực tuyến mức độ 3', 'Online public services at level 3', THOA, [
    t('2020', 100),
  ]),
  pct(
    'thoa-dvc-muc-4',
    'Dịch vụ công trực tuyến mức độ 4 (đến 2025: các dịch vụ phổ biến)',
    'Online public services at level 4 (by 2025: the popular ones)',
    THOA,
    [t('2020', 30), t('2025', 100)],
  ),
  pct(
    'thoa-nguoi-dung-chinh-phu-dien-tu',
    'Người dân, doanh nghiệp tham gia hệ thống chính phủ điện tử',
    'People and businesses on e-government systems',
    THOA,
    [t('2020', 20)],
  ),
  pct(
    'thoa-dinh-danh-dien-tu',
    'Người dân, doanh nghiệp được định danh điện tử',
    'People and businesses identified electronically',
    THOA,
    [t('2025', 40)],
  ),
  pct(
    'thoa-ho-so-muc-3-4',
    'Hồ sơ được xử lý qua dịch vụ công trực tuyến mức độ 3, 4',
    'Records handled through level 3-4 online services',
    THOA,
    [t('2025', 50)],
  ),
  pct(
    'thoa-hai-long',
    'Mức độ hài lòng của người dân, doanh nghiệp',
    'Satisfaction of people and businesses',
    THOA,
    [t('2025', 90)],
  ),
  // National monitoring, for comparison between provinces
  pct(
    'emc-ho-so-toan-trinh',
    'Hồ sơ thủ tục hành chính xử lý trực tuyến toàn trình (EMC)',
    'Procedure records processed fully online (EMC monitoring)',
    // the provinces' target for 2024; the national one (ministries included) was 50%
    EMC,
    [t('2024', 30)],
  ),
]

// The pillar each KPI measures, as the plans file them under the national programme (QĐ 749/QĐ-TTg):
// services, records and satisfaction are digital government; the digital economy's share, firms'
// e-contracts and platforms the economy; people's devices, accounts, connections, schools and
// hospitals digital society. The DTI's overall score and rank span all three (null).
const pillars: [KpiPillar | null, readonly string[]][] = [
  [
    'digital_government',
    [
      'qnam-giao-dich-xac-thuc',
      'qnam-dvc-muc-3-4',
      'qnam-dvc-muc-4-da-nen-tang',
      'qnam-ho-so-tren-mang',
      'qnam-thanh-tra-so',
      'dti-chinh-quyen-so',
      'qngai-tthc-muc-4',
      'qngai-nguoi-dung-xac-thuc',
      'bdinh-dvc-toan-trinh',
      'bdinh-ho-so-cong-viec-tren-mang',
      'bdinh-ho-so-tthc-toan-trinh',
      'bdinh-hai-long',
      'bdinh-httt-cap-do',
      'bdinh-dai-truyen-thanh-thong-minh',
      'bdinh-dung-dvc-truc-tuyen',
      'thoa-dvc-muc-3',
      'thoa-dvc-muc-4',
      'thoa-nguoi-dung-chinh-phu-dien-tu',
      'thoa-dinh-danh-dien-tu',
      'thoa-ho-so-muc-3-4',
      'thoa-hai-long',
      'emc-ho-so-toan-trinh',
    ],
  ],
  [
    'digital_economy',
    ['dti-kinh-te-so', 'bdinh-kinh-te-so-grdp', 'bdinh-hop-dong-dien-tu', 'bdinh-dnnvv-nen-tang-so'],
  ],
  [
    'digital_society',
    [
      'dti-xa-hoi-so',
      'bdinh-smartphone',
      'bdinh-cap-quang-ho-gia-dinh',
      'bdinh-thon-cap-quang',
      'bdinh-tai-khoan-ngan-hang',
      'bdinh-chu-ky-so',
      'bdinh-truong-hoc-khong-tien-mat',
      'bdinh-benh-vien-khong-tien-mat',
      'bdinh-ho-so-suc-khoe',
    ],
  ],
  [null, ['dti-diem', 'dti-xep-hang']],
]
const pillarOf = new Map(pillars.flatMap(([pillar, ids]) => ids.map((id) => [id, pillar] as const)))

/** The catalog, each KPI with its pillar; a KPI left out of `pillars` stops the api at start. */
export const kpiCatalog: Kpi[] = entries.map((k) => {
  const pillar = pillarOf.get(k.id)
  if (pillar === undefined) throw new Error(`kpi-catalog: ${k.id} has no pillar`)
  return { ...k, pillar }
})
