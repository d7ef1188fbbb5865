import { Button, Text, View } from '@tarojs/components';
import type { ContactView } from '@shared/contracts/desk-log.contract';
import { formatShortTime } from '@shared/domain/calendar';
import { CONTACT_DIRECTION_LABELS, CONTACT_KIND_LABELS, VISITOR_PURPOSE_LABELS } from '@shared/domain/desk-log';
import './desk-log.scss';

/** Who the entry is about: the owner's unit (and name), or the visitor and their company. */
export function contactWho(c: ContactView): string {
  if (c.visitor) return `${c.visitor.name}${c.visitor.company ? ` · ${c.visitor.company}` : ''}`;
  if (c.unitLabel) return `${c.unitLabel}${c.ownerName ? ` · ${c.ownerName}` : ''}`;
  if (c.ownerName) return c.ownerName;
  return c.phone ?? '未登记来人';
}

/** One entry of the call and visit log, with its follow-up (and 完成跟进 while it is open). */
export function ContactRow({ item: c, onClose, busy }: { item: ContactView; onClose?: (c: ContactView) => void; busy?: boolean }) {
  const f = c.followUp;
  return (
    <View className="card contact-row">
      <View className="contact-row__head">
        <Text className={`tag contact-row__kind contact-row__kind--${c.kind}`}>
          {CONTACT_KIND_LABELS[c.kind]}
          {c.kind === 'visit' ? '' : `·${CONTACT_DIRECTION_LABELS[c.direction]}`}
        </Text>
        <Text className="contact-row__who">{contactWho(c)}</Text>
        <Text className="contact-row__time">{formatShortTime(c.at)}</Text>
      </View>
      {c.visitor ? <Text className="muted contact-row__line">访客 · {VISITOR_PURPOSE_LABELS[c.visitor.purpose]}</Text> : null}
      {c.phone ? <Text className="muted contact-row__line">电话：{c.phone}</Text> : null}
      <Text className="contact-row__line contact-row__purpose">事由：{c.purpose}</Text>
      {c.result ? <Text className="contact-row__line contact-row__result">结果：{c.result}</Text> : null}
      {f ? (
        <View className={`contact-row__follow ${f.open ? (f.overdue ? 'contact-row__follow--overdue' : '') : 'contact-row__follow--done'}`}>
          <Text>
            {f.open ? '待跟进' : '已跟进'} · {f.assigneeName} · {f.open ? `${formatShortTime(f.dueAt)} 前` : `${f.doneByName ?? ''} ${formatShortTime(f.doneAt)}`}
            {f.open && f.overdue ? <Text className="tag tag--overdue contact-row__overdue"> 已超时</Text> : null}
          </Text>
          {f.note ? <Text className="muted">{`\n${f.note}`}</Text> : null}
          {f.open && onClose ? (
            <View className="row-actions">
              <Button className="btn btn--ghost contact-row__close" size="mini" loading={busy} disabled={busy || undefined} onClick={() => onClose(c)}>
                完成跟进
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
      <Text className="muted contact-row__by">登记人：{c.byName}</Text>
    </View>
  );
}
