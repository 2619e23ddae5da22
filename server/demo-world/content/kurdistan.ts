/** Kurdistan's demo world: Central Kurdish first, Arabic and English beside it; amounts in IQD. */
import type { WorldContent } from './types.js';

export const KURDISTAN: WorldContent = {
  agencies: [
    {
      code: 'MOH',
      name: { ckb: 'وەزارەتی تەندروستی', ar: 'وزارة الصحة', en: 'Ministry of Health' },
      officer: 'ئاراس محەمەد',
    },
    {
      code: 'MOC',
      name: {
        ckb: 'وەزارەتی ئاوەدانکردنەوە و نیشتەجێبوون',
        ar: 'وزارة الإعمار والإسكان',
        en: 'Ministry of Construction and Housing',
      },
      officer: 'شیلان ئەحمەد',
    },
  ],
  suppliers: [
    {
      registrationNo: 'KRG-10231',
      legalName: { ckb: 'کۆمپانیای زاگرۆس بۆ بازرگانی', ar: 'شركة زاغروس للتجارة', en: 'Zagros Trading Company' },
      representative: 'هێمن عەزیز',
      address: 'هەولێر، شەقامی ٦٠ مەتری',
      phone: '+964 750 111 2233',
    },
    {
      registrationNo: 'KRG-10487',
      legalName: { ckb: 'کۆمپانیای ئاشتی بۆ تەکنەلۆژیا', ar: 'شركة آشتي للتكنولوجيا', en: 'Ashti Technology Ltd.' },
      representative: 'ڕێزان کەریم',
      address: 'سلێمانی، شەقامی سالم',
      phone: '+964 770 222 3344',
    },
    {
      registrationNo: 'KRG-10912',
      legalName: { ckb: 'کۆمپانیای نیشتمان بۆ دابینکردن', ar: 'شركة نشتمان للتجهيز', en: 'Nishtman Supplies Co.' },
      representative: 'دلێر حەسەن',
      address: 'دهۆک، شەقامی زاخۆ',
      phone: '+964 750 333 4455',
    },
    {
      registrationNo: 'KRG-11305',
      legalName: { ckb: 'کۆمپانیای هەڵەبجە بۆ بیناسازی', ar: 'شركة حلبجة للإنشاءات', en: 'Halabja Construction Co.' },
      representative: 'سۆزان عومەر',
      address: 'هەڵەبجە، شەقامی شەهیدان',
      phone: '+964 770 444 5566',
    },
  ],
  tenders: {
    prespec: {
      plan: {
        ckb: 'پلانی ئامێری تیشکی نەخۆشخانە',
        ar: 'خطة أجهزة الأشعة للمستشفيات',
        en: 'Hospital X-ray equipment plan',
      },
      title: {
        ckb: 'کڕینی ئامێری تیشکی دیجیتاڵی بۆ نەخۆشخانەکانی هەولێر',
        ar: 'شراء أجهزة أشعة رقمية لمستشفيات أربيل',
        en: 'Digital X-ray units for Erbil hospitals',
      },
      category: 'goods',
      estimated: '480000000',
      agency: 0,
    },
    open: {
      plan: { ckb: 'پلانی کەلوپەلی نووسینگە', ar: 'خطة الأثاث المكتبي', en: 'Office furniture plan' },
      title: {
        ckb: 'کڕینی کەلوپەلی نووسینگە بۆ وەزارەتی پلاندانان',
        ar: 'شراء أثاث مكتبي لوزارة التخطيط',
        en: 'Office furniture for the Ministry of Planning',
      },
      category: 'goods',
      estimated: '95000000',
      agency: 0,
    },
    failed: {
      plan: { ckb: 'پلانی پاککردنەوەی بینا', ar: 'خطة تنظيف المباني', en: 'Building cleaning plan' },
      title: {
        ckb: 'خزمەتگوزاری پاککردنەوەی بینای وەزارەت',
        ar: 'خدمات تنظيف مبنى الوزارة',
        en: 'Cleaning services for the ministry building',
      },
      category: 'services',
      estimated: '60000000',
      agency: 0,
    },
    evaluation: {
      plan: { ckb: 'پلانی کۆمپیوتەری قوتابخانە', ar: 'خطة حواسيب المدارس', en: 'School computers plan' },
      title: {
        ckb: 'کڕینی کۆمپیوتەری لاپتۆپ بۆ بەڕێوەبەرایەتی پلاندانان',
        ar: 'شراء حواسيب محمولة لمديرية التخطيط',
        en: 'Laptop computers for the planning directorate',
      },
      category: 'ict',
      estimated: '120000000',
      agency: 0,
    },
    awarded: {
      plan: { ckb: 'پلانی سووتەمەنی ئۆتۆمبێل', ar: 'خطة وقود المركبات', en: 'Vehicle fuel plan' },
      title: {
        ckb: 'دابینکردنی سووتەمەنی بۆ ئۆتۆمبێلەکانی وەزارەت',
        ar: 'توريد الوقود لمركبات الوزارة',
        en: 'Fuel supply for ministry vehicles',
      },
      category: 'goods',
      estimated: '110000000',
      agency: 0,
    },
    contracted: {
      plan: { ckb: 'پلانی چاککردنەوەی ڕێگا', ar: 'خطة صيانة الطرق', en: 'Road maintenance plan' },
      title: {
        ckb: 'چاککردنەوەی ڕێگای گوندی بەستوورە',
        ar: 'صيانة طريق قرية بستورة',
        en: 'Maintenance of the Bastora village road',
      },
      category: 'works',
      estimated: '125000000',
      agency: 2,
      deliverable: 'چاککردنەوەی ٣ کیلۆمەتر ڕێگا',
    },
    delivered: {
      plan: { ckb: 'پلانی چاپکەر و کاغەز', ar: 'خطة الطابعات والورق', en: 'Printers and paper plan' },
      title: {
        ckb: 'کڕینی چاپکەر و کاغەز بۆ فەرمانگەکان',
        ar: 'شراء طابعات وورق للدوائر',
        en: 'Printers and paper for government offices',
      },
      category: 'goods',
      estimated: '48000000',
      agency: 0,
      deliverable: 'چاپکەر و کاغەز گەیەندراو و دامەزراو',
    },
    paid: {
      plan: { ckb: 'پلانی پێداویستی پزیشکی', ar: 'خطة المستلزمات الطبية', en: 'Medical supplies plan' },
      title: {
        ckb: 'کڕینی پێداویستی پزیشکیی یەکجارەکی بۆ بنکە تەندروستییەکان',
        ar: 'شراء مستلزمات طبية لمرة واحدة للمراكز الصحية',
        en: 'Disposable medical supplies for health centres',
      },
      category: 'goods',
      estimated: '72000000',
      agency: 1,
      deliverable: 'پێداویستی پزیشکی گەیەندراو بۆ ١٢ بنکە',
    },
  },
  texts: {
    disclosure: 'تایبەتمەندیی سەرەتایی: ٦ ئامێری تیشکی دیجیتاڵی، گەرەنتی ٣ ساڵ، ڕاهێنانی ستافی پزیشکی.',
    comment: 'تکایە ڕوون بکەنەوە ئایا ئامێری نوێکراوە (refurbished) وەردەگیرێت؟',
    reply: 'نەخێر، تەنها ئامێری نوێ وەردەگیرێت؛ ئەمە لە تایبەتمەندیی کۆتاییدا دەنووسرێت.',
    question: 'ئایا دەکرێت ڕەنگی مێزەکان جیاواز بێت لەوەی لە نموونەدا هاتووە؟',
    answer: 'بەڵێ، ڕەنگی قاوەیی یان خۆڵەمێشی وەردەگیرێت بە مەرجی هەمان کوالیتی.',
    addendum: 'پاشکۆی ١: خشتەی بڕەکان نوێکرایەوە (٤٠ مێز لە جیاتی ٣٥).',
    review: 'هەموو بەڵگەنامەکانی شایستەیی تەواون و ئەزموونی پێشووی گونجاوە.',
    depositIssuer: 'بانکی کوردستانی نێودەوڵەتی',
    deliveryNote: 'گەیاندن بە بارهەڵگری ژمارە ٤٧',
  },
};
