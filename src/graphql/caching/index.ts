export { SharedAnswer, sharedAnswerOf, type SharedAnswerKind } from './shared-answer';
