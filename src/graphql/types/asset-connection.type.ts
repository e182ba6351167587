import { ObjectType } from 'type-graphql';
import { Asset } from './asset.type';
import { Connection } from './connection.type';

@ObjectType({ simpleResolvers: true, description: 'A page of the HL Connect catalogue.' })
export class AssetConnection extends Connection(Asset) {}
