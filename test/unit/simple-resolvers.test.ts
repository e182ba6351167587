import { getMetadataStorage } from 'type-graphql';
import { buildGatewaySchema } from '../../src/graphql';

// Object types declare `simpleResolvers: true` so that plain data fields use graphql-js's
// default resolver (no per-field wrapper). type-graphql then skips the auth checker and
// middlewares on those fields, so none of them may rely on either.
describe('object types with simple resolvers', () => {
  it('have no field guarded by @Authorized or a middleware', async () => {
    await buildGatewaySchema();
    const storage = getMetadataStorage();
    const simpleTypes = storage.objectTypes.filter((type) => type.simpleResolvers);
    expect(simpleTypes.length).toBeGreaterThan(20);

    const guarded = simpleTypes.flatMap((type) =>
      (type.fields ?? [])
        .filter((field) => (field.roles?.length ?? 0) > 0 || (field.middlewares?.length ?? 0) > 0)
        .filter((field) => !storage.fieldResolvers.some((resolver) => resolver.getObjectType?.() === type.target && resolver.methodName === field.name))
        .map((field) => `${type.name}.${field.name}`),
    );
    expect(guarded).toEqual([]);
  });
});
