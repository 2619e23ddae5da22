/**
 * Cambodia's demo world: Khmer first, English beside it; amounts in KHR (riel, typed in whole riel).
 * Every tender but the pre-specification one stays under the 400 million riel disclosure threshold
 * (tenants/cambodia.yaml) and above the small-value direct thresholds, so each takes the open procedure.
 */
import type { WorldContent } from './types.js';

export const CAMBODIA: WorldContent = {
  agencies: [
    { code: 'MOH', name: { km: 'ក្រសួងសុខាភិបាល', en: 'Ministry of Health' }, officer: 'សុខ សុភា' },
    {
      code: 'MPWT',
      name: { km: 'ក្រសួងសាធារណការ និងដឹកជញ្ជូន', en: 'Ministry of Public Works and Transport' },
      officer: 'ចាន់ ដារា',
    },
  ],
  suppliers: [
    {
      registrationNo: '00045123',
      legalName: { km: 'ក្រុមហ៊ុន អង្គរ ពាណិជ្ជកម្ម ឯ.ក', en: 'Angkor Trading Co., Ltd.' },
      representative: 'លី សុវណ្ណ',
      address: 'ផ្ទះលេខ ២៥ ផ្លូវ ២៧១ សង្កាត់ទឹកថ្លា ខណ្ឌសែនសុខ រាជធានីភ្នំពេញ',
      phone: '+855 23 881 122',
    },
    {
      registrationNo: '00051874',
      legalName: { km: 'ក្រុមហ៊ុន មេគង្គ បច្ចេកវិទ្យា ឯ.ក', en: 'Mekong Technology Co., Ltd.' },
      representative: 'ហេង ស្រីនិច',
      address: 'ផ្ទះលេខ ៤៨ មហាវិថីព្រះនរោត្តម សង្កាត់ទន្លេបាសាក់ ខណ្ឌចំការមន រាជធានីភ្នំពេញ',
      phone: '+855 23 992 233',
    },
    {
      registrationNo: '00062391',
      legalName: {
        km: 'ក្រុមហ៊ុន បាយ័ន ផ្គត់ផ្គង់បរិក្ខារពេទ្យ ឯ.ក',
        en: 'Bayon Medical Supplies Co., Ltd.',
      },
      representative: 'គឹម សុខហេង',
      address: 'ផ្លូវជាតិលេខ ៦ សង្កាត់ស្លក្រាម ក្រុងសៀមរាប ខេត្តសៀមរាប',
      phone: '+855 63 963 344',
    },
    {
      registrationNo: '00070615',
      legalName: { km: 'ក្រុមហ៊ុន ទន្លេសាប សំណង់ ឯ.ក', en: 'Tonle Sap Construction Co., Ltd.' },
      representative: 'ស៊ុន ចន្ទ្រា',
      address: 'ផ្លូវជាតិលេខ ៥ សង្កាត់ព្រែកលៀប ខណ្ឌជ្រោយចង្វារ រាជធានីភ្នំពេញ',
      phone: '+855 23 724 455',
    },
  ],
  tenders: {
    prespec: {
      plan: { km: 'ផែនការទិញឧបករណ៍កាំរស្មីអ៊ិចសម្រាប់មន្ទីរពេទ្យ', en: 'Hospital X-ray equipment plan' },
      title: {
        km: 'ការទិញម៉ាស៊ីនកាំរស្មីអ៊ិចឌីជីថលសម្រាប់មន្ទីរពេទ្យបង្អែកខេត្ត',
        en: 'Digital X-ray units for provincial referral hospitals',
      },
      category: 'goods',
      estimated: '1600000000',
      agency: 0,
    },
    open: {
      plan: { km: 'ផែនការទិញគ្រឿងសង្ហារិមការិយាល័យ', en: 'Office furniture plan' },
      title: {
        km: 'ការទិញគ្រឿងសង្ហារិមការិយាល័យសម្រាប់ក្រសួងផែនការ',
        en: 'Office furniture for the Ministry of Planning',
      },
      category: 'goods',
      estimated: '185000000',
      agency: 0,
    },
    failed: {
      plan: { km: 'ផែនការសេវាសម្អាតអគារ', en: 'Building cleaning plan' },
      title: { km: 'សេវាសម្អាតអគារទីស្តីការក្រសួង', en: 'Cleaning services for the ministry headquarters' },
      category: 'services',
      estimated: '96000000',
      agency: 0,
    },
    evaluation: {
      plan: { km: 'ផែនការទិញកុំព្យូទ័រយួរដៃ', en: 'Laptop computers plan' },
      title: {
        km: 'ការទិញកុំព្យូទ័រយួរដៃសម្រាប់នាយកដ្ឋានផែនការ',
        en: 'Laptop computers for the planning department',
      },
      category: 'ict',
      estimated: '240000000',
      agency: 0,
    },
    awarded: {
      plan: { km: 'ផែនការទិញប្រេងឥន្ធនៈសម្រាប់យានយន្ត', en: 'Vehicle fuel plan' },
      title: {
        km: 'ការផ្គត់ផ្គង់ប្រេងឥន្ធនៈសម្រាប់យានយន្តរបស់ក្រសួង',
        en: 'Fuel supply for ministry vehicles',
      },
      category: 'goods',
      estimated: '168000000',
      agency: 0,
    },
    contracted: {
      plan: { km: 'ផែនការជួសជុលផ្លូវជាតិ', en: 'National road repair plan' },
      title: {
        km: 'ការជួសជុលផ្ទៃផ្លូវជាតិលេខ ៧ ក្នុងខេត្តកំពង់ចាម',
        en: 'Surface repair of National Road 7 in Kampong Cham province',
      },
      category: 'works',
      estimated: '380000000',
      agency: 2,
      deliverable: 'ជួសជុលផ្ទៃផ្លូវ ២ គីឡូម៉ែត្រ',
    },
    delivered: {
      plan: { km: 'ផែនការទិញម៉ាស៊ីនបោះពុម្ព និងក្រដាស', en: 'Printers and paper plan' },
      title: {
        km: 'ការទិញម៉ាស៊ីនបោះពុម្ព និងក្រដាសសម្រាប់ការិយាល័យរដ្ឋបាល',
        en: 'Printers and paper for administrative offices',
      },
      category: 'goods',
      estimated: '72000000',
      agency: 0,
      deliverable: 'ម៉ាស៊ីនបោះពុម្ព និងក្រដាស បានប្រគល់ និងដំឡើងរួចរាល់',
    },
    paid: {
      plan: { km: 'ផែនការទិញសម្ភារៈពេទ្យប្រើប្រាស់', en: 'Medical supplies plan' },
      title: {
        km: 'ការទិញសម្ភារៈពេទ្យប្រើប្រាស់តែម្តងសម្រាប់មណ្ឌលសុខភាព',
        en: 'Disposable medical supplies for health centres',
      },
      category: 'goods',
      estimated: '150000000',
      agency: 1,
      deliverable: 'ប្រគល់សម្ភារៈពេទ្យដល់មណ្ឌលសុខភាព ១២ កន្លែង',
    },
  },
  texts: {
    disclosure: 'លក្ខណៈបច្ចេកទេសបឋម៖ ម៉ាស៊ីនកាំរស្មីអ៊ិចឌីជីថល ៦ គ្រឿង ធានា ៣ ឆ្នាំ និងបណ្តុះបណ្តាលបុគ្គលិកពេទ្យ។',
    comment: 'សូមបញ្ជាក់ថា តើអាចដាក់ឧបករណ៍ដែលបានជួសជុលឡើងវិញ (refurbished) បានដែរឬទេ?',
    reply: 'ទេ ទទួលយកតែឧបករណ៍ថ្មីប៉ុណ្ណោះ។ ចំណុចនេះនឹងត្រូវបញ្ជាក់ក្នុងលក្ខណៈបច្ចេកទេសចុងក្រោយ។',
    question: 'តើអាចស្នើពណ៌តុខុសពីគំរូក្នុងឯកសារដេញថ្លៃបានដែរឬទេ?',
    answer: 'បាន ពណ៌ត្នោត ឬពណ៌ប្រផេះ អាចទទួលយកបាន ប្រសិនបើមានគុណភាពដូចគ្នា។',
    addendum: 'ឯកសារកែសម្រួលលេខ ១៖ តារាងបរិមាណត្រូវបានកែប្រែ (តុ ៤០ ជំនួសឱ្យ ៣៥)។',
    review: 'ឯកសារលក្ខណៈសម្បត្តិគ្រប់គ្រាន់ និងមានបទពិសោធន៍ផ្គត់ផ្គង់ស្រដៀងគ្នាគ្រប់គ្រាន់។',
    depositIssuer: 'ធនាគារ អេស៊ីលីដា ម.ក',
    deliveryNote: 'ដឹកជញ្ជូនដោយឡានដឹកទំនិញ លិខិតដឹកជញ្ជូនលេខ ៤៧១១',
  },
};
