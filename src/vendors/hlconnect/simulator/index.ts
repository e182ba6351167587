export {
  createHlConnectSimulator,
  HL_SIMULATOR_DEFAULT_TOKEN,
  type HlConnectSimulator,
  type HlConnectSimulatorOptions,
  type HlRegistrationTally,
} from './hlconnect-simulator';
export { HL_SIMULATOR_ASSETS, type HlConnectSimulatorAsset, type HlConnectSimulatorUsergen } from './catalogue';
