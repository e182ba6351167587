import { Field, ObjectType } from 'type-graphql';
import { DdsDownloadStatus } from '../enums/dds-download-status.enum';

@ObjectType({
  simpleResolvers: true,
  description:
    'A content download of a Boknett DDS order in one format. When DDS needs more parameters (its 300 answer) the status is FAILED, `missingParameters` names them (e.g. `bitrate` for audio) and `message` lists the choices DDS offered, if any.',
})
export class DdsDownload {
  @Field(() => DdsDownloadStatus)
  status!: DdsDownloadStatus;

  @Field(() => String, { nullable: true, description: 'The prepared file, when READY. Time-limited: fetch it fresh, do not store it.' })
  url!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it FAILED (DDS’s words where it gave any), or a hint while PROCESSING.' })
  message!: string | null;

  @Field(() => [String], { description: 'Arguments DDS needs before it can start this download; empty otherwise.' })
  missingParameters!: string[];
}
