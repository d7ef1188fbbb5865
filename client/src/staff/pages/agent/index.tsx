import { DeskPage } from '../../components/desk-page';
import { SentimentEntry } from '@/components/sentiment-entry';
import { ParkingEntry } from '@/components/parking-entry';

export default function AgentHomePage() {
  return (
    <DeskPage title="客服工作台" desk bindings calls repairs complaints notices fees>
      <SentimentEntry />
      <ParkingEntry />
    </DeskPage>
  );
}
