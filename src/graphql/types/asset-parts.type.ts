import { Field, Float, Int, ObjectType } from 'type-graphql';
import { SafeInt } from '../scalars';
import { Money } from './money.type';

// The small records nested in a catalogue asset, one GraphQL type each.

@ObjectType({ simpleResolvers: true })
export class AssetInstrument {
  @Field(() => String, { nullable: true }) type!: string | null;
  @Field(() => String, { nullable: true }) name!: string | null;
}

@ObjectType({ simpleResolvers: true })
export class AssetImage {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) url!: string | null;
}

@ObjectType({ simpleResolvers: true })
export class AssetContributor {
  @Field(() => Boolean, { nullable: true }) isPrimary!: boolean | null;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true, description: 'MusicBrainz id.' }) mbid!: string | null;
  @Field(() => String, { nullable: true }) role!: string | null;
}

@ObjectType({ simpleResolvers: true })
export class AssetRelatedGood {
  @Field(() => String, { nullable: true }) relatedProductId!: string | null;
  @Field(() => String, { nullable: true }) groupTypeId!: string | null;
  @Field(() => String, { nullable: true }) goodType!: string | null;
  @Field(() => Boolean, { nullable: true }) sheet!: boolean | null;
  @Field(() => Boolean, { nullable: true }) featured!: boolean | null;
  @Field(() => Boolean, { nullable: true }) primeSrc!: boolean | null;
}

@ObjectType({ simpleResolvers: true })
export class AssetRendering {
  @Field(() => String, { nullable: true }) type!: string | null;
  @Field(() => String, { nullable: true }) usage!: string | null;
}

@ObjectType({ simpleResolvers: true })
export class AssetPrice {
  @Field(() => String, { nullable: true }) typeId!: string | null;
  @Field(() => String, { nullable: true }) typeUsage!: string | null;
  @Field(() => Money, { nullable: true }) price!: Money | null;
}

@ObjectType({ simpleResolvers: true, description: 'A part of an ensemble asset, buyable alone when the asset is partable.' })
export class AssetPackage {
  @Field(() => SafeInt, { nullable: true }) assetId!: number | null;
  @Field(() => String, { nullable: true }) instrumentationPartCode!: string | null;
  @Field(() => String, { nullable: true }) instrumentationPartName!: string | null;
  @Field(() => Float, { nullable: true }) count!: number | null;
  @Field(() => Float, { nullable: true }) sequence!: number | null;
  @Field(() => Boolean, { nullable: true }) score!: boolean | null;
}

@ObjectType({ simpleResolvers: true, description: 'One song of a medley.' })
export class AssetMedleyAsset {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) songCatalogId!: string | null;
  @Field(() => String, { nullable: true }) hlSongId!: string | null;
  @Field(() => Float, { nullable: true }) sequence!: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'User-generated content data of an asset (HL Connect’s `UsergenItem`).' })
export class AssetUsergen {
  @Field(() => Boolean, { nullable: true }) blackBox!: boolean | null;
  @Field(() => Boolean, { nullable: true }) arrangeable!: boolean | null;
  @Field(() => String, { nullable: true }) vendorProductType!: string | null;
  @Field(() => String, { nullable: true }) contentProvider!: string | null;
  @Field(() => String, { nullable: true }) adaptationVendor!: string | null;
  @Field(() => String, { nullable: true }) vendorSongId!: string | null;
  @Field(() => String, { nullable: true }) publisherName!: string | null;
  @Field(() => String, { nullable: true }) sellerId!: string | null;
  @Field(() => Int, { nullable: true }) authorizedPerformers!: number | null;
  @Field(() => String, { nullable: true }) adaptationProductId!: string | null;
  @Field(() => Float, { nullable: true, description: 'A decimal rate, e.g. 0.15.' }) commissionOverrideRate!: number | null;
  @Field(() => [AssetMedleyAsset]) medleyAssets!: AssetMedleyAsset[];
}
