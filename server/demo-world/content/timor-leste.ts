/**
 * Timor-Leste's demo world: Tetum first, Portuguese and English beside it; amounts in USD. Every
 * tender but the pre-specification one stays under the USD 100,000 disclosure threshold
 * (tenants/timor-leste.yaml) and above the small-value direct thresholds, so each takes the open
 * procedure; none is under USD 50,000, so the bids' shares, rounded to a thousand dollars, stay apart.
 */
import type { WorldContent } from './types.js';

export const TIMOR_LESTE: WorldContent = {
  agencies: [
    {
      code: 'MS',
      name: { tet: 'Ministériu Saúde', pt: 'Ministério da Saúde', en: 'Ministry of Health' },
      officer: 'Maria da Costa Soares',
    },
    {
      code: 'MOP',
      name: { tet: 'Ministériu Obras Públikas', pt: 'Ministério das Obras Públicas', en: 'Ministry of Public Works' },
      officer: 'Agostinho da Silva Pereira',
    },
  ],
  suppliers: [
    {
      registrationNo: 'SERVE-04512',
      legalName: { tet: 'Lafaek Komérsiu, Lda.', pt: 'Lafaek Comércio, Lda.', en: 'Lafaek Trading Ltd.' },
      representative: 'Domingos Soares',
      address: 'Rua de Colmera, Vera Cruz, Díli',
      phone: '+670 331 1122',
    },
    {
      registrationNo: 'SERVE-05187',
      legalName: {
        tet: 'Ramelau Teknolojia Informasaun, Lda.',
        pt: 'Ramelau Tecnologias de Informação, Lda.',
        en: 'Ramelau Information Technology Ltd.',
      },
      representative: 'Ana Maria Ximenes',
      address: 'Avenida de Portugal, Motael, Díli',
      phone: '+670 332 2233',
    },
    {
      registrationNo: 'SERVE-06239',
      legalName: {
        tet: 'Kablaki Fornesimentu Médiku, Lda.',
        pt: 'Kablaki Fornecimentos Médicos, Lda.',
        en: 'Kablaki Medical Supplies Ltd.',
      },
      representative: 'Francisco Guterres da Cruz',
      address: 'Rua Presidente Nicolau Lobato, Comoro, Díli',
      phone: '+670 333 3344',
    },
    {
      registrationNo: 'SERVE-07061',
      legalName: { tet: 'Ataúru Konstrusaun, Lda.', pt: 'Ataúro Construções, Lda.', en: 'Atauro Construction Ltd.' },
      representative: 'Rosa de Jesus Amaral',
      address: 'Rua de Becora, Cristo Rei, Díli',
      phone: '+670 334 4455',
    },
  ],
  tenders: {
    prespec: {
      plan: {
        tet: 'Planu sosa ekipamentu raio-X ba ospitál',
        pt: 'Plano de aquisição de equipamento de raio-X hospitalar',
        en: 'Hospital X-ray equipment plan',
      },
      title: {
        tet: 'Sosa ekipamentu raio-X dijitál ba ospitál referál sira',
        pt: 'Aquisição de equipamento de raio-X digital para os hospitais de referência',
        en: 'Digital X-ray units for referral hospitals',
      },
      category: 'goods',
      estimated: '420000',
      agency: 0,
    },
    open: {
      plan: {
        tet: 'Planu sosa mobília eskritóriu',
        pt: 'Plano de aquisição de mobiliário de escritório',
        en: 'Office furniture plan',
      },
      title: {
        tet: 'Sosa mobília eskritóriu ba Ministériu Planeamentu',
        pt: 'Aquisição de mobiliário de escritório para o Ministério do Planeamento',
        en: 'Office furniture for the Ministry of Planning',
      },
      category: 'goods',
      estimated: '68000',
      agency: 0,
    },
    failed: {
      plan: {
        tet: 'Planu servisu limpeza edifísiu',
        pt: 'Plano de serviços de limpeza de edifícios',
        en: 'Building cleaning plan',
      },
      title: {
        tet: 'Servisu limpeza ba edifísiu ministériu',
        pt: 'Serviços de limpeza do edifício do ministério',
        en: 'Cleaning services for the ministry building',
      },
      category: 'services',
      estimated: '54000',
      agency: 0,
    },
    evaluation: {
      plan: {
        tet: 'Planu sosa komputadór portátil',
        pt: 'Plano de aquisição de computadores portáteis',
        en: 'Laptop computers plan',
      },
      title: {
        tet: 'Sosa komputadór portátil ba Diresaun Planeamentu',
        pt: 'Aquisição de computadores portáteis para a Direção de Planeamento',
        en: 'Laptop computers for the planning directorate',
      },
      category: 'ict',
      estimated: '86000',
      agency: 0,
    },
    awarded: {
      plan: { tet: 'Planu kombustível ba veíkulu', pt: 'Plano de combustível para viaturas', en: 'Vehicle fuel plan' },
      title: {
        tet: 'Fornesimentu kombustível ba veíkulu ministériu nian',
        pt: 'Fornecimento de combustível para as viaturas do ministério',
        en: 'Fuel supply for ministry vehicles',
      },
      category: 'goods',
      estimated: '92000',
      agency: 0,
    },
    contracted: {
      plan: {
        tet: 'Planu reabilitasaun estrada rurál',
        pt: 'Plano de reabilitação de estradas rurais',
        en: 'Rural road rehabilitation plan',
      },
      title: {
        tet: 'Reabilitasaun estrada rurál iha Remexio, Munisípiu Aileu',
        pt: 'Reabilitação de estrada rural em Remexio, Município de Aileu',
        en: 'Rehabilitation of a rural road in Remexio, Aileu municipality',
      },
      category: 'works',
      estimated: '97000',
      agency: 2,
      deliverable: 'Reabilitasaun estrada rurál 2 km',
    },
    delivered: {
      plan: { tet: 'Planu impresora no papél', pt: 'Plano de impressoras e papel', en: 'Printers and paper plan' },
      title: {
        tet: 'Sosa impresora no papél ba servisu públiku sira',
        pt: 'Aquisição de impressoras e papel para os serviços públicos',
        en: 'Printers and paper for public offices',
      },
      category: 'goods',
      estimated: '52000',
      agency: 0,
      deliverable: 'Impresora no papél entrega no instala ona',
    },
    paid: {
      plan: {
        tet: 'Planu sosa materiál médiku',
        pt: 'Plano de aquisição de material médico',
        en: 'Medical supplies plan',
      },
      title: {
        tet: 'Sosa materiál médiku uza-dala-ida ba sentru saúde sira',
        pt: 'Aquisição de material médico descartável para os centros de saúde',
        en: 'Disposable medical supplies for community health centres',
      },
      category: 'goods',
      estimated: '75000',
      agency: 1,
      deliverable: 'Materiál médiku entrega ba sentru saúde 12',
    },
  },
  texts: {
    disclosure: 'Espesifikasaun preliminár: ekipamentu raio-X dijitál 6, garantia tinan 3, formasaun ba pesoál médiku.',
    comment: 'Favór esklarese se bele oferese ekipamentu rekondisionadu (refurbished) ka lae.',
    reply: "Lae, aseita de'it ekipamentu foun; ida-ne'e sei hakerek iha espesifikasaun finál.",
    question: "Bele oferese kór meza nian ne'ebé la hanesan ho modelu iha dokumentu konkursu?",
    answer: 'Bele, kór kafé ka kór sinzentu mós aseita, se kualidade hanesan.',
    addendum: 'Adenda 1: tabela kuantidade atualiza ona (meza 40 duké 35).',
    review: 'Dokumentu kualifikasaun hotu kompletu no esperiénsia fornesimentu hanesan sufisiente.',
    depositIssuer: 'Banco Nacional de Comércio de Timor-Leste (BNCTL)',
    deliveryNote: 'Entrega ho kamiaun, guia remesa númeru 4711',
  },
};
