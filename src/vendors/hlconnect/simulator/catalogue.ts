/**
 * The contract's `AssetItem`, in wire names and with the types the vendor's SDK (API 0.2)
 * declares. Every field but `asset_id` is optional, as in the contract; the built-in
 * catalogue fills them all. The simulator itself reads `world`
 * (absent: true), `countries`, `min_qty` (absent: 1), `partable` and `packages`.
 */
export interface HlConnectSimulatorAsset {
  asset_id: number;
  format_short_name?: string;
  format?: string;
  page_count?: number;
  title?: string;
  description?: string;
  song_number?: number;
  public_domain?: boolean;
  external_ref?: string;
  external_ref_id?: number;
  voicing?: string;
  /** Seconds. */
  performance_time?: number;
  difficulty_level_low?: number;
  difficulty_level_high?: number;
  min_qty?: number;
  /** Beats per minute. */
  tempo?: number;
  /** Sellable everywhere; when false only in `countries`. */
  world?: boolean;
  retail_price?: number;
  smd_id?: string;
  asset_type?: string;
  explicit?: boolean;
  partable?: boolean;
  countries?: string[];
  instruments?: Array<{ type: string; name: string }>;
  categories?: string[];
  images?: Array<{ name: string; url: string }>;
  contributors?: Array<{ is_primary: boolean; name: string; mbid: string; role: string }>;
  keywords?: string[];
  related_goods?: Array<{
    related_product_id: number;
    group_type_id: number;
    good_type: string;
    sheet: boolean;
    featured: boolean;
    prime_src: boolean;
  }>;
  renderings?: Array<{ type: string; usage: string }>;
  series?: string[];
  skills?: string[];
  usergens?: HlConnectSimulatorUsergen[];
  prices?: Array<{ type_id: number; type_usage: string; price: number }>;
  packages?: Array<{
    asset_id: number;
    instrumentation_part_code: string;
    instrumentation_part_name: string;
    count: number;
    sequence: number;
    score: boolean;
  }>;
}

/** The SDK's `UsergenItem`. */
export interface HlConnectSimulatorUsergen {
  black_box?: boolean;
  arrangeable?: boolean;
  vendor_product_type?: string;
  content_provider?: string;
  adaptation_vendor?: string;
  vendor_song_id?: string;
  publisher_name?: string;
  seller_id?: number;
  authorized_performers?: number;
  adaptation_product_id?: number;
  /** A decimal rate. */
  commission_override_rate?: number;
  medley_assets?: Array<{ name: string; song_catalog_id: string; hl_song_id: string; sequence: number }>;
}

/** Assets of the built-in catalogue with a job in tests. */
export const HL_SIMULATOR_ASSETS = {
  /** Sellable everywhere, minimum quantity 1. */
  standard: 1001,
  /** A choral octavo, minimum quantity 10. */
  choral: 1002,
  /** Sellable only in US and CA. */
  regionLocked: 1003,
  /** Fulfilment ends FAILED (the default `failingAssetIds`). */
  failing: 1004,
  /** A string trio sold by parts: packages 100501, 100502, 100503. */
  partable: 1005,
} as const;

/** What each asset of HL_SIMULATOR_ASSETS does, in words (the sandbox banner and the README show them). */
export const HL_SIMULATOR_ASSET_BEHAVIOUR: Record<keyof typeof HL_SIMULATOR_ASSETS, string> = {
  standard: 'sellable everywhere, minimum quantity 1',
  choral: 'a choral octavo: a quantity under 10 is refused (PURCHASE_NOT_ALLOWED)',
  regionLocked: 'sellable only in US and CA: other buyers are refused (PURCHASE_NOT_ALLOWED)',
  failing: 'registered, then fulfilment ends FAILED with the vendor’s message',
  partable: 'a string trio sold by parts: packages 100501, 100502, 100503',
};

export const FIRST_ID = 1001;
export const CATALOGUE_SIZE = 60;

interface Format {
  short: string;
  name: string;
  voicing: string;
  instruments: Array<{ type: string; name: string }>;
  minQty: number;
  price: number;
  series: string;
  /** Single parts sold separately: [code, name]. Makes the asset partable. */
  parts?: Array<[code: string, name: string]>;
}

const PVG: Format = {
  short: 'PVG',
  name: 'Piano/Vocal/Guitar',
  voicing: 'Piano/Vocal/Guitar',
  instruments: [
    { type: 'keyboard', name: 'Piano' },
    { type: 'vocal', name: 'Voice' },
    { type: 'fretted', name: 'Guitar' },
  ],
  minQty: 1,
  price: 5.99,
  series: 'Digital Sheet Music',
};
const SATB: Format = {
  short: 'SATB',
  name: 'SATB Choir',
  voicing: 'SATB',
  instruments: [
    { type: 'vocal', name: 'Choir' },
    { type: 'keyboard', name: 'Piano' },
  ],
  minQty: 10,
  price: 2.25,
  series: 'Choral Octavo',
};
const EASY_PIANO: Format = {
  short: 'EPNO',
  name: 'Easy Piano',
  voicing: 'Piano Solo',
  instruments: [{ type: 'keyboard', name: 'Piano' }],
  minQty: 1,
  price: 4.99,
  series: 'Easy Piano Singles',
};
const GUITAR_TAB: Format = {
  short: 'GTRTAB',
  name: 'Guitar Tab',
  voicing: 'Guitar',
  instruments: [{ type: 'fretted', name: 'Guitar' }],
  minQty: 1,
  price: 5.99,
  series: 'Guitar Recorded Versions',
};
const LEAD_SHEET: Format = {
  short: 'LS',
  name: 'Lead Sheet',
  voicing: 'Melody/Chords',
  instruments: [{ type: 'melody', name: 'C Instrument' }],
  minQty: 1,
  price: 3.99,
  series: 'Real Book Singles',
};
const SSA: Format = {
  short: 'SSA',
  name: 'SSA Choir',
  voicing: 'SSA',
  instruments: [
    { type: 'vocal', name: 'Choir' },
    { type: 'keyboard', name: 'Piano' },
  ],
  minQty: 10,
  price: 2.1,
  series: 'Choral Octavo',
};
const STRING_TRIO: Format = {
  short: 'STRTRIO',
  name: 'String Trio',
  voicing: 'Violin/Viola/Cello',
  instruments: [
    { type: 'strings', name: 'Violin' },
    { type: 'strings', name: 'Viola' },
    { type: 'strings', name: 'Cello' },
  ],
  minQty: 1,
  price: 24.99,
  series: 'Chamber Music Series',
  parts: [
    ['VLN', 'Violin'],
    ['VLA', 'Viola'],
    ['VC', 'Cello'],
  ],
};
const BRASS_QUINTET: Format = {
  short: 'BRQNT',
  name: 'Brass Quintet',
  voicing: '2 Trumpets/Horn/Trombone/Tuba',
  instruments: [
    { type: 'brass', name: 'Trumpet' },
    { type: 'brass', name: 'Horn' },
    { type: 'brass', name: 'Trombone' },
    { type: 'brass', name: 'Tuba' },
  ],
  minQty: 1,
  price: 29.99,
  series: 'Chamber Music Series',
  parts: [
    ['TPT1', 'Trumpet 1'],
    ['TPT2', 'Trumpet 2'],
    ['HN', 'Horn in F'],
    ['TBN', 'Trombone'],
    ['TBA', 'Tuba'],
  ],
};

/** Formats of the generated assets, in rotation; the special assets pick theirs. */
const ROTATION = [PVG, SATB, EASY_PIANO, GUITAR_TAB, LEAD_SHEET, SSA, STRING_TRIO, PVG, BRASS_QUINTET];

const ADJECTIVES = ['Autumn', 'Silver', 'Midnight', 'Golden', 'Quiet', 'Northern', 'Endless', 'Paper', 'Winter', 'Open', 'Hidden'];
const NOUNS = ['Serenade', 'Harbour', 'Lullaby', 'Skyline', 'Canticle', 'Waltz', 'Road', 'Lanterns', 'Rain', 'Horizon', 'Meadow', 'Chorale', 'Fanfare'];
const COMPOSERS = ['Avery Lindqvist', 'Maren Holt', 'Jonah Okafor', 'Rosa Delgado', 'Theo Marchetti', 'Ingrid Saether', 'Samuel Whitlock'];
const PUBLIC_DOMAIN_COMPOSERS = ['Johann Sebastian Bach', 'Wolfgang Amadeus Mozart', 'Franz Schubert', 'Edvard Grieg'];
const ARRANGERS = ['Mac Huff', 'Jill Gallina', 'Phillip Keveren', 'Kirby Shaw'];
const CATEGORIES = ['Pop', 'Film/TV', 'Classical', 'Jazz', 'Sacred', 'Folk', 'Broadway'];
/** Tempo words and their beats per minute. */
const TEMPI: Array<[word: string, bpm: number]> = [
  ['Moderato', 108],
  ['Allegro', 132],
  ['Andante', 84],
  ['Adagio', 66],
  ['Brightly', 144],
  ['Slowly', 60],
];
const SKILLS = ['sight-reading', 'syncopation', 'legato', 'dynamics', 'harmony'];
/** Regions of the generated region-locked assets, in rotation. */
const REGIONS = [
  ['GB', 'IE'],
  ['NO', 'SE', 'DK'],
  ['US', 'CA'],
];

/** A fresh copy of the built-in catalogue: 60 deterministic assets, ids 1001..1060. */
export function hlConnectDefaultCatalogue(): HlConnectSimulatorAsset[] {
  return Array.from({ length: CATALOGUE_SIZE }, (_, i) => buildAsset(FIRST_ID + i, i));
}

function buildAsset(id: number, i: number): HlConnectSimulatorAsset {
  const format = formatOf(id, i);
  const publicDomain = i % 4 === 3;
  const composer = publicDomain ? pick(PUBLIC_DOMAIN_COMPOSERS, i) : pick(COMPOSERS, i);
  const arranger = pick(ARRANGERS, i);
  const category = publicDomain ? 'Classical' : pick(CATEGORIES, i);
  const [tempoWord, bpm] = pick(TEMPI, i);
  const title = `${pick(ADJECTIVES, i)} ${pick(NOUNS, i * 7)}`;
  const regionLocked = id === HL_SIMULATOR_ASSETS.regionLocked || (id > HL_SIMULATOR_ASSETS.partable && i % 9 === 4);
  const countries = id === HL_SIMULATOR_ASSETS.regionLocked ? ['US', 'CA'] : regionLocked ? pick(REGIONS, i) : [];
  const low = 1 + (i % 4);
  const externalRefId = 350_000 + id;
  return {
    asset_id: id,
    format_short_name: format.short,
    format: format.name,
    page_count: 3 + ((i * 5) % 12),
    title,
    description: `${title} by ${composer}, arranged for ${format.name}.`,
    song_number: 1 + (i % 24),
    public_domain: publicDomain,
    external_ref: `HL${String(externalRefId).padStart(8, '0')}`,
    external_ref_id: externalRefId,
    voicing: format.voicing,
    performance_time: 120 + ((i * 37) % 300),
    difficulty_level_low: low,
    difficulty_level_high: low + (i % 2),
    min_qty: format.minQty,
    tempo: bpm,
    world: !regionLocked,
    retail_price: format.price,
    smd_id: `SMD-${900_000 + id}`,
    asset_type: 'sheet_music',
    explicit: i % 17 === 16,
    partable: format.parts !== undefined,
    countries: [...countries],
    instruments: format.instruments.map((instrument) => ({ ...instrument })),
    categories: [category],
    images: [
      { name: 'cover', url: `https://images.hlconnect-sim.example/assets/${id}/cover.jpg` },
      { name: 'first-page', url: `https://images.hlconnect-sim.example/assets/${id}/page-1.png` },
    ],
    contributors: [
      { is_primary: true, name: composer, mbid: fakeMbid(id, 1), role: 'composer' },
      { is_primary: false, name: arranger, mbid: fakeMbid(id, 2), role: 'arranger' },
    ],
    keywords: [format.short.toLowerCase(), category.toLowerCase(), tempoWord.toLowerCase()],
    related_goods: [{ related_product_id: 500_000 + id, group_type_id: 1 + (i % 3), good_type: 'songbook', sheet: false, featured: i % 5 === 0, prime_src: i % 2 === 0 }],
    renderings: [
      { type: 'pdf', usage: 'print' },
      { type: 'html5', usage: 'view' },
    ],
    series: [format.series],
    skills: [pick(SKILLS, i), pick(SKILLS, i + 2)],
    usergens: i % 6 === 5 ? [usergen(id)] : [],
    prices: [
      { type_id: 1, type_usage: 'retail', price: format.price },
      { type_id: 2, type_usage: 'educator', price: Math.round(format.price * 90) / 100 },
    ],
    packages: (format.parts ?? []).map(([code, name], p) => ({
      asset_id: id * 100 + p + 1,
      instrumentation_part_code: code,
      instrumentation_part_name: name,
      count: 1,
      sequence: p + 1,
      score: false,
    })),
  };
}

/** User-generated content data: an arrangement of a two-song medley. */
function usergen(id: number): HlConnectSimulatorUsergen {
  return {
    black_box: false,
    arrangeable: true,
    vendor_product_type: 'arrangement',
    content_provider: 'community',
    adaptation_vendor: 'HLSIM',
    vendor_song_id: `VS-${id}`,
    publisher_name: 'Simulated Music Publishing',
    seller_id: 7_000 + (id % 10),
    authorized_performers: 1 + (id % 4),
    adaptation_product_id: 800_000 + id,
    commission_override_rate: 0.15,
    medley_assets: [
      { name: 'First song', song_catalog_id: `SC-${id}-1`, hl_song_id: `${id}01`, sequence: 1 },
      { name: 'Second song', song_catalog_id: `SC-${id}-2`, hl_song_id: `${id}02`, sequence: 2 },
    ],
  };
}

function formatOf(id: number, i: number): Format {
  switch (id) {
    case HL_SIMULATOR_ASSETS.standard:
    case HL_SIMULATOR_ASSETS.regionLocked:
      return PVG;
    case HL_SIMULATOR_ASSETS.choral:
      return SATB;
    case HL_SIMULATOR_ASSETS.failing:
      return EASY_PIANO;
    case HL_SIMULATOR_ASSETS.partable:
      return STRING_TRIO;
    default:
      return pick(ROTATION, i);
  }
}

function pick<T>(items: readonly T[], i: number): T {
  const item = items[i % items.length];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** A stable UUID-shaped MusicBrainz id. */
function fakeMbid(id: number, n: number): string {
  return `00000000-0000-4000-8000-${String(id * 10 + n).padStart(12, '0')}`;
}
