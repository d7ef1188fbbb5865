import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { PostingView } from '@shared/contracts/life-boards.contract';
import { call } from '../services/cloud';
import { useCloud } from '../hooks/use-cloud';
import { usePaged } from '../hooks/use-paged';
import { PostingForm, PostingRow, takeDown } from './boards';
import './boards.scss';

/**
 * 贴到宣传栏 on the staff notice detail page: where the notice is posted (board, dates, state) and
 * posting it on chosen boards — one posting per board, made once per notice and board.
 */
export function NoticeBoards({ notice, canPost }: { notice: { id: string; title: string }; canPost: boolean }) {
  const [open, setOpen] = useState(false);
  const where = usePaged((page) => call('life', 'boardPostings', { noticeId: notice.id, page, pageSize: 20 }), notice.id);
  const boards = useCloud('life', 'boardList', { status: 'active', page: 1, pageSize: 100 }, { skip: !open });
  const down = async (p: PostingView) => {
    if (await takeDown(p)) where.reload();
  };
  return (
    <View className="card notice-boards">
      <View className="unit-row__main">
        <Text className="card__title">宣传栏张贴</Text>
        {canPost && !open ? (
          <Button className="btn btn--ghost notice-boards__post" size="mini" onClick={() => setOpen(true)}>
            贴到宣传栏
          </Button>
        ) : null}
      </View>
      {where.items.length ? (
        where.items.map((p) => <PostingRow key={p.id} posting={p} showBoard onTakeDown={down} />)
      ) : (
        <Text className="muted notice-boards__none">{where.loading ? '加载中…' : '尚未张贴到宣传栏'}</Text>
      )}
      {open && boards.data ? (
        <PostingForm
          boards={boards.data.items}
          notice={notice}
          onClose={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            where.reload();
          }}
        />
      ) : null}
      {open && boards.error ? <Text className="state__message">{boards.error.message}</Text> : null}
    </View>
  );
}
