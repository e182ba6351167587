import { Field, ObjectType } from 'type-graphql';
import { Vendor } from '../enums/vendor.enum';

@ObjectType({ simpleResolvers: true, description: 'One component of a vendor as its health endpoint reports it.' })
export class VendorHealth {
  @Field(() => Vendor)
  vendor!: Vendor;

  @Field({ description: 'The vendor’s component name; `connection` when the vendor could not be reached.' })
  component!: string;

  @Field()
  healthy!: boolean;
}
