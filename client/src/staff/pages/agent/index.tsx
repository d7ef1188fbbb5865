import { DeskPage } from '../../components/desk-page';
import { SentimentEntry } from '@/components/sentiment-entry';

export default function AgentHomePage() {
  return (
    <DeskPage title="客服工作台" bindings calls repairs complaints notices fees>
      <SentimentEntry />
    </DeskPage>
  );
}
