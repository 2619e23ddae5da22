/**
 * Viet Nam's demo world: Vietnamese first, English beside it; amounts in VND. Every tender but the
 * pre-specification one stays at or under the 2.5 billion VND disclosure threshold (tenants/vietnam.yaml)
 * and above the small-value direct thresholds, so each takes the open procedure.
 */
import type { WorldContent } from './types.js';

export const VIETNAM: WorldContent = {
  agencies: [
    { code: 'BYT', name: { vi: 'Bộ Y tế', en: 'Ministry of Health' }, officer: 'Nguyễn Thị Lan' },
    { code: 'BXD', name: { vi: 'Bộ Xây dựng', en: 'Ministry of Construction' }, officer: 'Trần Văn Hùng' },
  ],
  suppliers: [
    {
      registrationNo: '0101234567',
      legalName: { vi: 'Công ty Cổ phần Thương mại Hồng Hà', en: 'Hong Ha Trading Joint Stock Company' },
      representative: 'Phạm Minh Tuấn',
      address: 'Số 25 phố Lý Thường Kiệt, phường Cửa Nam, Hà Nội',
      phone: '+84 24 3825 1122',
    },
    {
      registrationNo: '0309876543',
      legalName: {
        vi: 'Công ty TNHH Công nghệ Thông tin Sao Việt',
        en: 'Sao Viet Information Technology Co., Ltd.',
      },
      representative: 'Lê Thu Hà',
      address: 'Số 112 đường Nguyễn Thị Minh Khai, phường Bàn Cờ, Thành phố Hồ Chí Minh',
      phone: '+84 28 3930 2233',
    },
    {
      registrationNo: '0401122334',
      legalName: {
        vi: 'Công ty Cổ phần Thiết bị Y tế Miền Trung',
        en: 'Mien Trung Medical Equipment Joint Stock Company',
      },
      representative: 'Hoàng Đức Anh',
      address: 'Số 48 đường Bạch Đằng, phường Hải Châu, Thành phố Đà Nẵng',
      phone: '+84 236 382 3344',
    },
    {
      registrationNo: '0105566778',
      legalName: { vi: 'Công ty Cổ phần Xây dựng Thăng Long', en: 'Thang Long Construction Joint Stock Company' },
      representative: 'Vũ Thị Mai',
      address: 'Số 8 đường Phạm Hùng, phường Từ Liêm, Hà Nội',
      phone: '+84 24 3768 4455',
    },
  ],
  tenders: {
    prespec: {
      plan: { vi: 'Kế hoạch mua sắm thiết bị chẩn đoán hình ảnh', en: 'Diagnostic imaging equipment plan' },
      title: {
        vi: 'Mua sắm máy X-quang kỹ thuật số cho các bệnh viện tuyến tỉnh',
        en: 'Digital X-ray units for provincial hospitals',
      },
      category: 'goods',
      estimated: '8500000000',
      agency: 0,
    },
    open: {
      plan: { vi: 'Kế hoạch mua sắm bàn ghế làm việc', en: 'Office furniture plan' },
      title: {
        vi: 'Mua sắm bàn ghế làm việc cho trụ sở Bộ Kế hoạch',
        en: 'Office furniture for the Ministry of Planning headquarters',
      },
      category: 'goods',
      estimated: '1850000000',
      agency: 0,
    },
    failed: {
      plan: { vi: 'Kế hoạch thuê dịch vụ vệ sinh trụ sở', en: 'Building cleaning plan' },
      title: { vi: 'Dịch vụ vệ sinh trụ sở cơ quan', en: 'Cleaning services for the headquarters building' },
      category: 'services',
      estimated: '1200000000',
      agency: 0,
    },
    evaluation: {
      plan: { vi: 'Kế hoạch mua sắm máy tính xách tay', en: 'Laptop computers plan' },
      title: {
        vi: 'Mua sắm máy tính xách tay phục vụ công tác chuyên môn',
        en: 'Laptop computers for professional staff',
      },
      category: 'ict',
      estimated: '2150000000',
      agency: 0,
    },
    awarded: {
      plan: { vi: 'Kế hoạch mua nhiên liệu cho xe công vụ', en: 'Official vehicle fuel plan' },
      title: { vi: 'Cung cấp xăng dầu cho xe ô tô công vụ', en: 'Fuel supply for official vehicles' },
      category: 'goods',
      estimated: '1650000000',
      agency: 0,
    },
    contracted: {
      plan: { vi: 'Kế hoạch sửa chữa mặt đường quốc lộ', en: 'National highway repair plan' },
      title: {
        vi: 'Sửa chữa mặt đường Quốc lộ 1, đoạn qua tỉnh Quảng Trị',
        en: 'Resurfacing of National Highway 1 in Quang Tri province',
      },
      category: 'works',
      estimated: '2400000000',
      agency: 2,
      deliverable: 'Thảm bê tông nhựa 2,5 km mặt đường',
    },
    delivered: {
      plan: { vi: 'Kế hoạch mua sắm máy in và giấy in', en: 'Printers and paper plan' },
      title: { vi: 'Mua sắm máy in đa chức năng và giấy in A4', en: 'Multifunction printers and A4 paper' },
      category: 'goods',
      estimated: '780000000',
      agency: 0,
      deliverable: 'Lắp đặt máy in và giao giấy in',
    },
    paid: {
      plan: { vi: 'Kế hoạch mua sắm vật tư y tế tiêu hao', en: 'Medical consumables plan' },
      title: {
        vi: 'Mua sắm vật tư y tế tiêu hao cho các trạm y tế xã',
        en: 'Medical consumables for commune health stations',
      },
      category: 'goods',
      estimated: '1350000000',
      agency: 1,
      deliverable: 'Giao vật tư y tế cho 12 trạm y tế xã',
    },
  },
  texts: {
    disclosure:
      'Dự thảo yêu cầu kỹ thuật: 6 máy X-quang kỹ thuật số, bảo hành 36 tháng, đào tạo nhân viên y tế vận hành.',
    comment: 'Đề nghị làm rõ nhà thầu có được chào thiết bị đã qua tân trang (refurbished) hay không?',
    reply: 'Chỉ chấp nhận thiết bị mới 100%; nội dung này sẽ được ghi rõ trong hồ sơ mời thầu.',
    question: 'Nhà thầu có được chào màu bàn khác với mẫu trong hồ sơ mời thầu không?',
    answer: 'Được, chấp nhận màu gỗ óc chó hoặc màu ghi nếu chất lượng tương đương.',
    addendum: 'Sửa đổi hồ sơ mời thầu lần 1: cập nhật bảng khối lượng (40 bàn thay vì 35).',
    review: 'Hồ sơ năng lực và kinh nghiệm đầy đủ, hợp lệ; nhà thầu đã thực hiện hợp đồng tương tự.',
    depositIssuer: 'Ngân hàng TMCP Đầu tư và Phát triển Việt Nam (BIDV)',
    deliveryNote: 'Giao hàng bằng xe tải, phiếu xuất kho số 4711',
  },
};
