import type { GraphQLField } from 'graphql';
import { Extensions } from 'type-graphql';

/**
 * What a root field's answer may be shared as: the same for every caller who may see it
 * (no order, purchase or DDS data), so replicas may answer it from the shared cache for a
 * while (CATALOGUE_CACHE_TTL_S, VENDOR_HEALTH_CACHE_TTL_S). Like Apollo's `@cacheControl`
 * hint, read from the schema: `extensions.sharedAnswer`.
 */
export type SharedAnswerKind = 'catalogue' | 'vendorHealth';

/** Marks a Query field whose answer callers may share (see SharedAnswerKind). */
export function SharedAnswer(kind: SharedAnswerKind): MethodDecorator & PropertyDecorator & ClassDecorator {
  return Extensions({ sharedAnswer: kind });
}

/** The field's hint, if it has one. */
export function sharedAnswerOf(field: GraphQLField<unknown, unknown>): SharedAnswerKind | undefined {
  const kind = (field.extensions as { sharedAnswer?: unknown }).sharedAnswer;
  return kind === 'catalogue' || kind === 'vendorHealth' ? kind : undefined;
}
