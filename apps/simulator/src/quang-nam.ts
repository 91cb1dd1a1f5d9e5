// Places of the demo site (Quảng Nam), where simulated devices and cameras stand.
export interface Place {
  district: string
  lat: number
  lon: number
}

export const places = {
  tamKy: { district: 'Tam Kỳ', lat: 15.5736, lon: 108.474 },
  hoiAn: { district: 'Hội An', lat: 15.8801, lon: 108.338 },
  dienBan: { district: 'Điện Bàn', lat: 15.8897, lon: 108.2536 },
  nuiThanh: { district: 'Núi Thành', lat: 15.4182, lon: 108.6554 },
  thangBinh: { district: 'Thăng Bình', lat: 15.7361, lon: 108.3614 },
  daiLoc: { district: 'Đại Lộc', lat: 15.8826, lon: 108.1137 },
} satisfies Record<string, Place>
