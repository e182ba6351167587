import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { SharedAnswer } from '../caching';
import type { ComponentHealth, Scope } from '../../domain';
import { vendorHealth } from '../../purchases';
import type { GatewayContext } from '../context';
import { VendorHealth } from '../types/vendor-health.type';

@Resolver()
export class VendorHealthResolver {
  @Authorized<Scope>('catalog:read')
  @SharedAnswer('vendorHealth')
  @Query(() => [VendorHealth], {
    description: 'Each vendor’s components as the vendor reports them; an unreachable vendor shows as `connection` unhealthy. HL Connect only: Boknett DDS has no health endpoint.',
  })
  vendorHealth(@Ctx() ctx: GatewayContext): Promise<ComponentHealth[]> {
    return vendorHealth(ctx.services);
  }
}
