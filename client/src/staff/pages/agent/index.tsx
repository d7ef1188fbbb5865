import { DeskPage } from '../../components/desk-page';

export default function AgentHomePage() {
  return <DeskPage title="客服工作台" bindings calls repairs notices fees />;
}
