/**
 * The mall of a demo world (kurdistan and korea): one framework tender for office goods whose
 * award made three suppliers parties, its items in the tenant's languages with their ceilings and
 * estimated quantities, the demo agency's budget lines, and one designated innovative product.
 * Data, not interface text. Amounts in major units of the tenant's currency; the estimated total
 * (ceilings × quantities) stays under each tenant's pre-specification threshold.
 */
import type { TenderContent, Texts } from './types.js';

export interface MallItem {
  classification: string;
  description: Texts;
  unit: string;
  ceiling: number;
  quantity: number;
}

export interface MallContent {
  tender: TenderContent;
  items: MallItem[];
  /** Each party's unit prices as shares of the ceilings (supplier index, base share). */
  parties: [number, number][];
  budgetLines: { code: string; label: Texts; amount: number }[];
  product: { name: Texts; description: Texts; classification: string; unit: string; price: number; evidence: string };
}

const KURDISTAN: MallContent = {
  tender: {
    plan: {
      ckb: 'کەلوپەلی نووسینگە (ڕێککەوتنی چوارچێوەیی)',
      ar: 'لوازم مكتبية (اتفاقية إطارية)',
      en: 'Office supplies (framework agreement)',
    },
    title: {
      ckb: 'ڕێککەوتنی چوارچێوەیی بۆ کەلوپەلی نووسینگە',
      ar: 'اتفاقية إطارية للوازم المكتبية',
      en: 'Framework agreement for office supplies',
    },
    category: 'goods',
    estimated: '0',
    agency: 0,
  },
  items: [
    {
      classification: '14111507',
      description: {
        ckb: 'کاغەزی A4 (سندوق، ٥ بەستە)',
        ar: 'ورق A4 (صندوق، ٥ رزم)',
        en: 'A4 copy paper (box of 5 reams)',
      },
      unit: 'سندوق',
      ceiling: 32_000,
      quantity: 400,
    },
    {
      classification: '43211503',
      description: { ckb: 'لاپتۆپی ١٤ ئینج', ar: 'حاسوب محمول ١٤ بوصة', en: 'Laptop computer, 14 inch' },
      unit: 'دانە',
      ceiling: 950_000,
      quantity: 30,
    },
    {
      classification: '39101600',
      description: { ckb: 'گڵۆپی LED ی ١٢ وات', ar: 'مصباح LED بقدرة ١٢ واط', en: 'LED lamp, 12 W' },
      unit: 'دانە',
      ceiling: 6_000,
      quantity: 1_000,
    },
    {
      classification: '56101703',
      description: { ckb: 'مێزی نووسینگە', ar: 'مكتب للمكاتب', en: 'Office desk' },
      unit: 'دانە',
      ceiling: 275_000,
      quantity: 40,
    },
    {
      classification: '56101504',
      description: { ckb: 'کورسی نووسینگە', ar: 'كرسي مكتب', en: 'Office chair' },
      unit: 'دانە',
      ceiling: 140_000,
      quantity: 80,
    },
    {
      classification: '44103103',
      description: { ckb: 'تۆنەری چاپکەری لەیزەری', ar: 'حبر طابعة ليزرية', en: 'Laser printer toner' },
      unit: 'دانە',
      ceiling: 85_000,
      quantity: 100,
    },
    {
      classification: '43212105',
      description: { ckb: 'چاپکەری لەیزەری', ar: 'طابعة ليزرية', en: 'Laser printer' },
      unit: 'دانە',
      ceiling: 420_000,
      quantity: 20,
    },
    {
      classification: '44121701',
      description: {
        ckb: 'قەڵەمی جاف (سندوق، ٥٠ دانە)',
        ar: 'أقلام حبر جاف (علبة، ٥٠ قلمًا)',
        en: 'Ballpoint pens (box of 50)',
      },
      unit: 'سندوق',
      ceiling: 12_000,
      quantity: 200,
    },
  ],
  parties: [
    [1, 0.9],
    [2, 0.93],
    [3, 0.95],
  ],
  budgetLines: [
    {
      code: 'OPS-2201',
      label: { ckb: 'کەلوپەلی نووسینگە', ar: 'لوازم مكتبية', en: 'Office supplies' },
      amount: 250_000_000,
    },
    {
      code: 'ICT-3104',
      label: { ckb: 'ئامێری کۆمپیوتەر', ar: 'أجهزة حاسوب', en: 'Computer equipment' },
      amount: 400_000_000,
    },
  ],
  product: {
    name: { ckb: 'گڵۆپی شەقامی خۆری زیرەک', ar: 'مصباح شارع شمسي ذكي', en: 'Smart solar street light' },
    description: {
      ckb: 'گڵۆپی شەقامی خۆری بە پاتری و هەستەوەری جووڵە، بەبێ پێویستی بە تۆڕی کارەبا.',
      ar: 'مصباح شارع شمسي ببطارية وحساس حركة، لا يحتاج إلى شبكة الكهرباء.',
      en: 'Solar street light with battery and motion sensor, needing no grid connection.',
    },
    classification: '39111600',
    unit: 'دانە',
    price: 1_450_000,
    evidence: 'Test report of the Erbil technical laboratory, 2026',
  },
};

const KOREA: MallContent = {
  tender: {
    plan: { ko: '사무용품 다수공급자계약', en: 'Office supplies (multiple award schedule)' },
    title: { ko: '사무용품 다수공급자계약 입찰', en: 'Multiple award schedule for office supplies' },
    category: 'goods',
    estimated: '0',
    agency: 0,
  },
  items: [
    {
      classification: '14111507',
      description: { ko: 'A4 복사용지 (상자, 2,500매)', en: 'A4 copy paper (box of 2,500 sheets)' },
      unit: '상자',
      ceiling: 28_000,
      quantity: 500,
    },
    {
      classification: '43211503',
      description: { ko: '노트북 컴퓨터 14인치', en: 'Laptop computer, 14 inch' },
      unit: '대',
      ceiling: 1_300_000,
      quantity: 25,
    },
    {
      classification: '39101600',
      description: { ko: 'LED 전등 12W', en: 'LED lamp, 12 W' },
      unit: '개',
      ceiling: 9_000,
      quantity: 1_000,
    },
    {
      classification: '56101703',
      description: { ko: '사무용 책상', en: 'Office desk' },
      unit: '개',
      ceiling: 320_000,
      quantity: 40,
    },
    {
      classification: '56101504',
      description: { ko: '사무용 의자', en: 'Office chair' },
      unit: '개',
      ceiling: 180_000,
      quantity: 50,
    },
    {
      classification: '44103103',
      description: { ko: '레이저 프린터 토너', en: 'Laser printer toner' },
      unit: '개',
      ceiling: 95_000,
      quantity: 60,
    },
    {
      classification: '43212105',
      description: { ko: '레이저 프린터', en: 'Laser printer' },
      unit: '대',
      ceiling: 450_000,
      quantity: 10,
    },
    {
      classification: '44121701',
      description: { ko: '볼펜 (50자루)', en: 'Ballpoint pens (box of 50)' },
      unit: '상자',
      ceiling: 15_000,
      quantity: 200,
    },
  ],
  parties: [
    [1, 0.88],
    [2, 0.91],
    [3, 0.94],
  ],
  budgetLines: [
    {
      code: '1100-210-01',
      label: { ko: '일반수용비 (사무용품)', en: 'General supplies (office)' },
      amount: 300_000_000,
    },
    {
      code: '1100-430-02',
      label: { ko: '자산취득비 (전산장비)', en: 'Asset purchases (computers)' },
      amount: 500_000_000,
    },
  ],
  product: {
    name: { ko: '저전력 스마트 가로등', en: 'Low-power smart street light' },
    description: {
      ko: '조도 센서와 원격 제어로 전력 사용을 40% 줄이는 LED 가로등',
      en: 'LED street light with light sensor and remote control, using 40% less power',
    },
    classification: '39111600',
    unit: '대',
    price: 2_400_000,
    evidence: '혁신시제품 성능 시험 성적서 (2026)',
  },
};

const BY_COUNTRY: Record<string, MallContent> = { IQ: KURDISTAN, KR: KOREA };

export function mallContentFor(country: string): MallContent | undefined {
  return BY_COUNTRY[country];
}
