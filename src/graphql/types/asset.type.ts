import { Field, Float, Int, ObjectType } from 'type-graphql';
import { SafeInt } from '../scalars';
import { Money } from './money.type';
import { AssetContributor, AssetImage, AssetInstrument, AssetPackage, AssetPrice, AssetRelatedGood, AssetRendering, AssetUsergen } from './asset-parts.type';
import { Node } from './node.interface';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A sheet-music asset in the HL Connect catalogue.' })
export class Asset {
  @Field(() => SafeInt, { nullable: true }) assetId!: number | null;
  @Field(() => String, { nullable: true }) formatShortName!: string | null;
  @Field(() => String, { nullable: true }) format!: string | null;
  @Field(() => Int, { nullable: true }) pageCount!: number | null;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String, { nullable: true }) songNumber!: string | null;
  @Field(() => Boolean, { nullable: true }) publicDomain!: boolean | null;
  @Field(() => String, { nullable: true }) externalRef!: string | null;
  @Field(() => String, { nullable: true }) externalRefId!: string | null;
  @Field(() => String, { nullable: true }) voicing!: string | null;
  @Field(() => Float, { nullable: true, description: 'Seconds.' }) performanceTime!: number | null;
  @Field(() => String, { nullable: true }) difficultyLevelLow!: string | null;
  @Field(() => String, { nullable: true }) difficultyLevelHigh!: string | null;
  @Field(() => Int, { nullable: true, description: 'Smallest quantity sold (choral formats).' }) minQty!: number | null;
  @Field(() => String, { nullable: true }) tempo!: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Sellable in every country.' }) world!: boolean | null;
  @Field(() => Money, { nullable: true }) retailPrice!: Money | null;
  @Field(() => String, { nullable: true }) smdId!: string | null;
  @Field(() => String, { nullable: true }) assetType!: string | null;
  @Field(() => Boolean, { nullable: true }) explicit!: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Single parts may be bought.' }) partable!: boolean | null;
  @Field(() => [String], { description: 'Where it may be sold when `world` is false (ISO 3166-1 alpha-2).' }) countries!: string[];
  @Field(() => [AssetInstrument]) instruments!: AssetInstrument[];
  @Field(() => [String]) categories!: string[];
  @Field(() => [AssetImage]) images!: AssetImage[];
  @Field(() => [AssetContributor]) contributors!: AssetContributor[];
  @Field(() => [String]) keywords!: string[];
  @Field(() => [AssetRelatedGood]) relatedGoods!: AssetRelatedGood[];
  @Field(() => [AssetRendering]) renderings!: AssetRendering[];
  @Field(() => [String]) series!: string[];
  @Field(() => [String]) skills!: string[];
  @Field(() => [AssetUsergen]) usergens!: AssetUsergen[];
  @Field(() => [AssetPrice]) prices!: AssetPrice[];
  @Field(() => [AssetPackage]) packages!: AssetPackage[];
}
