export {
  createBoknettSimulator,
  type BoknettSimulator,
  type BoknettSimulatorOptions,
  type BoknettRequestLogEntry,
} from './boknett-simulator';
export type { BoknettSimulatorOrder } from './order-routes';
export { BOKNETT_SIMULATOR_PRODUCTS } from './catalogue';
