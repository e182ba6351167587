import { AUDIO_BITRATES, contentTypesFor, PRODUCTS } from './boknett/simulator/catalogue';
import { CATALOGUE_SIZE, FIRST_ID, HL_SIMULATOR_ASSET_BEHAVIOUR, HL_SIMULATOR_ASSETS } from './hlconnect/simulator/catalogue';
import { DEFAULT_COUNTRY, GEO_TABLE } from './hlconnect/simulator/geo';

export type SandboxVendor = 'HL Connect' | 'Boknett DDS';

export interface SandboxCatalogueRow {
  vendor: SandboxVendor;
  /** What to send: an `assetId`, a `resid`, a `customerIp` range. */
  id: string;
  what: string;
}

/**
 * The ids the built-in simulators know and what each does, read from the simulators'
 * catalogues: the one source of the sandbox banner and the README's table.
 */
export function sandboxCatalogue(): SandboxCatalogueRow[] {
  const lastId = FIRST_ID + CATALOGUE_SIZE - 1;
  const hl = (id: string, what: string): SandboxCatalogueRow => ({ vendor: 'HL Connect', id, what });
  const dds = (id: string, what: string): SandboxCatalogueRow => ({ vendor: 'Boknett DDS', id, what });
  return [
    ...Object.entries(HL_SIMULATOR_ASSETS).map(([name, id]) => hl(`assetId ${id}`, HL_SIMULATOR_ASSET_BEHAVIOUR[name as keyof typeof HL_SIMULATOR_ASSETS])),
    hl(`assetId ${HL_SIMULATOR_ASSETS.partable + 1}–${lastId}`, 'more assets of every format in `assets`; some sellable only in a few countries'),
    hl('any other assetId', 'refused as unknown (NOT_FOUND)'),
    ...GEO_TABLE.map(({ cidr, country }) => hl(`customerIp ${cidr}`, `a buyer in ${country}`)),
    hl('any other customerIp', `a buyer in ${DEFAULT_COUNTRY}`),
    ...PRODUCTS.map((product) =>
      dds(
        `resid ${product.resid}`,
        [
          `${product.title}: ${contentTypesFor(product).join(' or ')}`,
          ...(product.kind === 'audiobook' ? [`bitrate ${AUDIO_BITRATES.join(' or ')}`] : []),
          ...(product.sdrm ? ['social DRM: firstName and lastName required'] : []),
          ...(product.failsDownload ? ['every download ends FAILED'] : []),
        ].join('; '),
      ),
    ),
    dds('any other resid', 'refused as unknown (NOT_FOUND)'),
  ];
}

/** The catalogue as the README's Markdown table. */
export function sandboxCatalogueTable(): string {
  const rows = sandboxCatalogue().map((row) => `| ${row.vendor} | \`${row.id}\` | ${row.what} |`);
  return ['| vendor | send | what it does |', '|---|---|---|', ...rows].join('\n');
}

/** The catalogue of the simulated vendors, as lines of the start-up banner. */
export function sandboxCatalogueBanner(vendors: readonly SandboxVendor[]): string[] {
  const rows = sandboxCatalogue().filter((row) => vendors.includes(row.vendor));
  const width = Math.max(...rows.map((row) => row.id.length));
  return rows.map((row) => `    ${row.vendor === 'HL Connect' ? 'HL ' : 'DDS'}  ${row.id.padEnd(width)}  ${row.what}`);
}
