import { DeskPage } from '../../components/desk-page';

export default function CashierHomePage() {
  return <DeskPage title="收费工作台" calls fees charge />;
}
