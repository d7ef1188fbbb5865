import { DeskPage } from '../../components/desk-page';
import { OwnerLookupEntry } from '../../components/owner-lookup-entry';
import { SentimentEntry } from '@/components/sentiment-entry';
import { ParkingEntry } from '@/components/parking-entry';
import { InquiriesEntry } from '@/components/inquiry-entry';
import { ContactsEntry } from '@/components/desk-log-entry';
import { KnowledgeEntry } from '@/components/knowledge-entry';
import { MoveInsEntry } from '@/components/movein-entry';
import { RenovationsEntry } from '@/components/renovation-entry';
import { RenovationPatrolsEntry } from '@/components/renovation-patrol-entry';
import { BoardsEntry } from '@/components/board-entry';
import { ActivityCheckinsEntry } from '@/components/activity-entry';
import { LedgerEntry } from '@/components/ledger-entry';
import { ArchivesEntry } from '@/components/archive-entry';
import { GrowthEntry } from '@/components/growth-entry';

export default function AgentHomePage() {
  return (
    <DeskPage title="客服工作台" desk bindings calls repairs complaints notices fees top={<OwnerLookupEntry />}>
      <InquiriesEntry />
      <MoveInsEntry />
      <RenovationsEntry />
      <RenovationPatrolsEntry />
      <BoardsEntry />
      <ActivityCheckinsEntry />
      <ArchivesEntry />
      <LedgerEntry />
      <GrowthEntry />
      <ContactsEntry />
      <KnowledgeEntry />
      <SentimentEntry />
      <ParkingEntry />
    </DeskPage>
  );
}
