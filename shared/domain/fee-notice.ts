import { chineseDate } from './calendar';
import { yuan } from './fees';
import { rmbCapitals } from './money';

/**
 * The formal reminder notices of the ladder's stage 2, after the handbook's models: 费用催缴通知单
 * (property and other fees) and 车位使用费催缴通知单 (parking). One builder gives the content; the
 * server prints it as a PDF, and the same wording is used wherever the notice is shown.
 */
export const NOTICE_KINDS = ['property', 'parking'] as const;
export type ArrearsNoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_TITLES: Record<ArrearsNoticeKind, string> = { property: '费用催缴通知单', parking: '车位使用费催缴通知单' };

// The capitals moved to ./money.ts (receipts use them too); re-exported for the notice's callers.
export { rmbCapitals };

export interface ArrearsNoticeLine {
  itemName: string;
  periodLabel: string;
  /** Calendar day (Asia/Shanghai). */
  dueDay: string;
  amountFen: number;
  dueFen: number;
  daysOverdue: number;
}

export interface ArrearsNoticeInput {
  kind: ArrearsNoticeKind;
  number: string;
  communityName: string;
  unitLabel: string;
  ownerName?: string;
  /** Parking: the unit's space numbers. */
  spaces?: string[];
  servicePhone?: string;
  /** Calendar days (Asia/Shanghai): the figures' date, and the date to pay by. */
  asOf: string;
  payBy: string;
  lines: ArrearsNoticeLine[];
  /** WeChat Pay is on: the notice tells the owner they can pay in the mini-program. */
  payOnline?: boolean;
}

/** The line of a notice when WeChat Pay is on (payments.md "The pay page"). */
export const PAY_ONLINE_LINE = '您也可以在微信小程序中在线缴纳：打开“我的账单”，点击“微信支付”即可。';

export interface ArrearsNotice {
  title: string;
  number: string;
  salutation: string;
  intro: string;
  table: { header: string[]; rows: string[][] };
  totalFen: number;
  total: string;
  body: string[];
  signature: string;
  date: string;
}

/** The notice's wording: polite, the amounts and how to pay, never a threat. */
export function arrearsNotice(input: ArrearsNoticeInput): ArrearsNotice {
  const totalFen = input.lines.reduce((s, l) => s + l.dueFen, 0);
  const who = input.ownerName ? `（${input.ownerName}）` : '';
  const phone = input.servicePhone ? `致电物业服务中心（${input.servicePhone}）或` : '';
  const asOf = chineseDate(input.asOf);
  const payBy = chineseDate(input.payBy);
  const parking = input.kind === 'parking';
  const spaces = input.spaces?.length ? `（车位号：${input.spaces.join('、')}）` : '';
  return {
    title: NOTICE_TITLES[input.kind],
    number: input.number,
    salutation: parking ? `尊敬的${input.unitLabel}车位使用人${who}：` : `尊敬的${input.unitLabel}业主${who}：`,
    intro: parking
      ? `您好！感谢您对小区停车管理工作的理解与支持。经核对，截至${asOf}，您使用的车位${spaces}尚有以下车位使用费未缴纳：`
      : `您好！感谢您一直以来对我们工作的理解与支持。经核对，截至${asOf}，您的房屋尚有以下费用未缴纳：`,
    table: {
      header: ['收费项目', '所属期间', '应收（元）', '欠缴（元）', '到期日', '逾期天数'],
      rows: input.lines.map((l) => [l.itemName, l.periodLabel, yuan(l.amountFen), yuan(l.dueFen), l.dueDay, `${l.daysOverdue}天`]),
    },
    totalFen,
    total: `合计欠缴：人民币（大写）${rmbCapitals(totalFen)}（¥${yuan(totalFen)}）`,
    body: [
      parking
        ? `根据车位使用协议及小区停车管理规定，车位使用费应按期缴纳。为保障小区停车秩序和车场设施的正常运行，请您于${payBy}前到物业服务中心缴纳（现金、POS刷卡或银行转账均可）。`
        : `根据《物业服务合同》的约定，业主应按时足额交纳物业服务费用。为保障小区各项服务的正常开展，请您于${payBy}前到物业服务中心缴纳（现金、POS刷卡或银行转账均可）。`,
      ...(input.payOnline ? [PAY_ONLINE_LINE] : []),
      `如您已缴纳，请忽略本通知；如对费用有疑问或有困难，欢迎${phone}到物业服务中心面谈，我们将竭诚为您解答。`,
      '感谢您的理解与配合！',
    ],
    signature: `${input.communityName}物业服务中心`,
    date: asOf,
  };
}
