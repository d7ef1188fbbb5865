import { DeskPage } from '../../components/desk-page';

/** The directory on its own (managers open it from their home; agents and cashiers have it on their desk). */
export default function DirectoryPage() {
  return <DeskPage title="房屋与业主" />;
}
