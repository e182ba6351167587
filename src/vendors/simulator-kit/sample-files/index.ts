export { sampleEpub } from './epub';
export { samplePdf } from './pdf';
export { sampleWav } from './wav';
