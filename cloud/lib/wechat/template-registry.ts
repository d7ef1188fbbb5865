import { routes, type PageLink } from '@shared/routes';

/**
 * The registry of the WeChat templates we send: subscribe messages (小程序订阅消息) and their
 * official-account counterparts (公众号模板消息). What the code decides lives here: each template's
 * key, title, audience, fields (our name, label, type, an example value, a fallback), the page it
 * opens (from the route registry) and the official account's first/keywords/remark. What WeChat
 * decides when a company picks the template in its console — the template ids and the keyword
 * numbers (`thing2`, `amount3`…) — is configuration (`WECHAT_TEMPLATES`, cloud/lib/config.ts; the
 * demo's made-up values are in cloud/lib/config-demo.ts). Pure: no I/O, no configuration.
 *
 * `npm run wechat:templates` prints this registry as the list to register in the consoles.
 */
export const FIELD_TYPES = ['thing', 'phrase', 'character_string', 'number', 'amount', 'time', 'date', 'phone_number', 'car_number', 'name'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** What WeChat accepts for each keyword type (as the console and the send API describe them). */
export const FIELD_TYPE_RULES: Record<FieldType, string> = {
  thing: '事物：20 个以内字符',
  phrase: '汉字：5 个以内纯汉字',
  character_string: '字符串：32 位以内字母、数字、符号',
  number: '数字：32 位以内',
  amount: '金额：数字，可带小数和“元”',
  time: '时间：年月日 时:分',
  date: '日期：年月日',
  phone_number: '电话：17 位以内数字和符号',
  car_number: '车牌：8 位以内',
  name: '姓名：10 个以内汉字或 20 个以内字母',
};

export interface TemplateFieldDefinition {
  /** Our name of the value (what callers pass), e.g. 'status'. */
  name: string;
  label: string;
  type: FieldType;
  /** A value as WeChat shows it (already in the accepted form), for the console and the docs. */
  example: string;
  /** Used when the caller gives no value; a field without one is required. */
  fallback?: string;
}

export type TemplateAudience = 'owner' | 'staff';
export const AUDIENCE_LABELS: Record<TemplateAudience, string> = { owner: '业主', staff: '员工' };

export interface TemplateDefinition<K extends string = string> {
  /** Our stable key, e.g. 'repair.progress'. */
  key: K;
  title: string;
  /** Whom it goes to (owners subscribe on their pages, staff on theirs). */
  audience: TemplateAudience;
  fields: TemplateFieldDefinition[];
  /** Mini-program page the message opens (a caller may give a more precise one), from the route registry. */
  page: PageLink;
  /** Official-account template (公众号模板消息): first, keyword1…n (our field names, in order), remark. */
  oa: { keywords: string[]; first: string; remark: string };
}

const T = <K extends string>(
  key: K,
  title: string,
  audience: TemplateAudience,
  page: PageLink,
  fields: [name: string, label: string, type: FieldType, example: string, fallback?: string][],
  oa: TemplateDefinition['oa'],
): TemplateDefinition<K> => ({
  key,
  title,
  audience,
  page,
  fields: fields.map(([name, label, type, example, fallback]) => ({ name, label, type, example, ...(fallback !== undefined ? { fallback } : {}) })),
  oa,
});

const TIME = '2026年11月27日 14:05';

/** The templates we use, in the order the console list prints them. */
export const TEMPLATES = [
  T(
    'repair.progress',
    '报修进度通知',
    'owner',
    routes.owner.home(),
    [
      ['orderNo', '工单编号', 'character_string', 'BX20261127001'],
      ['title', '报修内容', 'thing', '厨房水管漏水'],
      ['status', '处理状态', 'phrase', '处理中'],
      ['time', '更新时间', 'time', TIME],
      ['remark', '备注', 'thing', '如有疑问请联系物业服务中心', '如有疑问请联系物业服务中心'],
    ],
    { keywords: ['orderNo', 'title', 'status', 'time'], first: '您的报修有新进展', remark: '点击查看工单详情' },
  ),
  T(
    'repair.assigned',
    '新工单提醒',
    'staff',
    routes.staff.technician(),
    [
      ['orderNo', '工单编号', 'character_string', 'BX20261127001'],
      ['location', '报修位置', 'thing', '1栋1单元1502'],
      ['title', '报修内容', 'thing', '厨房水管漏水'],
      ['contact', '联系人', 'name', '张伟'],
      ['time', '派单时间', 'time', TIME],
    ],
    { keywords: ['orderNo', 'location', 'title', 'time'], first: '您有新的维修工单', remark: '请尽快联系业主上门处理' },
  ),
  T(
    'repair.alert',
    '工单预警提醒',
    'staff',
    routes.staff.repairs(),
    [
      ['orderNo', '工单编号', 'character_string', 'BX20261127001'],
      ['title', '报修内容', 'thing', '厨房水管漏水'],
      ['kind', '提醒类型', 'phrase', '即将超时'],
      ['time', '时间', 'time', TIME],
      ['remark', '说明', 'thing', '请尽快处理', '请尽快处理'],
    ],
    { keywords: ['orderNo', 'title', 'kind', 'time'], first: '您有一条工单提醒', remark: '请尽快处理' },
  ),
  T(
    'fee.reminder',
    '缴费提醒',
    'owner',
    routes.owner.home(),
    [
      ['item', '缴费项目', 'thing', '2026年物业费'],
      ['amount', '应缴金额', 'amount', '1280.50元'],
      ['dueDate', '截止日期', 'date', '2026年12月31日'],
      ['unit', '房屋', 'thing', '1栋1单元1502'],
      ['remark', '温馨提示', 'thing', '请在截止日期前缴费，谢谢配合', '请在截止日期前缴费，谢谢配合'],
    ],
    { keywords: ['item', 'amount', 'dueDate', 'unit'], first: '您有一笔物业费用待缴纳', remark: '请在截止日期前缴费，谢谢配合' },
  ),
  T(
    'fee.overdue',
    '欠费催缴通知',
    'owner',
    routes.owner.home(),
    [
      ['item', '欠费项目', 'thing', '2026年物业费'],
      ['amount', '欠费金额', 'amount', '1280.50元'],
      ['unit', '房屋', 'thing', '1栋1单元1502'],
      ['servicePhone', '物业电话', 'phone_number', '0571-88886666'],
      ['remark', '温馨提示', 'thing', '请尽快缴纳，如已缴纳请忽略', '请尽快缴纳，如已缴纳请忽略'],
    ],
    { keywords: ['item', 'amount', 'unit', 'servicePhone'], first: '您有物业费用已逾期', remark: '请尽快缴纳，如已缴纳请忽略' },
  ),
  T(
    'fee.invoice',
    '开票结果通知',
    'owner',
    routes.owner.home(),
    [
      ['title', '发票抬头', 'thing', '杭州某某科技有限公司'],
      ['amount', '开票金额', 'amount', '1280.50元'],
      ['result', '开票结果', 'phrase', '已开具'],
      ['invoiceNo', '发票号码', 'character_string', '26332000000123456789', '-'],
      ['remark', '说明', 'thing', '电子发票将发送至您的邮箱', '点击查看电子收据'],
      ['time', '处理时间', 'time', TIME],
    ],
    { keywords: ['title', 'amount', 'result', 'time'], first: '您申请的发票有处理结果', remark: '点击查看电子收据与发票信息' },
  ),
  T(
    'parking.expiring',
    '车位到期提醒',
    'owner',
    routes.owner.home(),
    [
      ['space', '车位', 'thing', 'B1-023（租用）'],
      ['unit', '房屋', 'thing', '1栋1单元1502'],
      ['dueDate', '到期日期', 'date', '2026年12月31日'],
      ['remark', '温馨提示', 'thing', '还有7天到期，请及时到物业服务中心续租', '请在到期前到物业服务中心办理续租'],
    ],
    { keywords: ['space', 'unit', 'dueDate'], first: '您的车位租期即将到期', remark: '续租请到物业服务中心办理' },
  ),
  T(
    'notice.published',
    '社区通知',
    'owner',
    routes.owner.home(),
    [
      ['title', '通知标题', 'thing', '电梯维保通知'],
      ['publisher', '发布单位', 'thing', '幸福里物业服务中心'],
      ['time', '发布时间', 'time', TIME],
      ['summary', '通知摘要', 'thing', '1栋电梯周六上午停运维保'],
    ],
    { keywords: ['title', 'publisher', 'time'], first: '小区发布了新通知', remark: '点击查看通知全文' },
  ),
  T(
    'notice.emergency',
    '紧急通知',
    'owner',
    routes.owner.home(),
    [
      ['title', '通知标题', 'thing', '停水紧急通知'],
      ['publisher', '发布单位', 'thing', '幸福里物业服务中心'],
      ['time', '发布时间', 'time', TIME],
      ['summary', '通知内容', 'thing', '今晚22点起全小区停水4小时'],
    ],
    { keywords: ['title', 'publisher', 'time'], first: '小区发布了紧急通知', remark: '请立即查看并注意安全' },
  ),
  T(
    'complaint.reply',
    '投诉处理结果',
    'owner',
    routes.owner.home(),
    [
      ['caseNo', '投诉编号', 'character_string', 'TS20261127001'],
      ['title', '投诉内容', 'thing', '楼下夜间施工噪音'],
      ['result', '处理结果', 'phrase', '已处理'],
      ['reply', '处理说明', 'thing', '已要求施工方22点后停工'],
      ['time', '处理时间', 'time', TIME],
    ],
    { keywords: ['caseNo', 'title', 'result', 'time'], first: '您的投诉已有处理结果', remark: '感谢您的反馈' },
  ),
  T(
    'complaint.alert',
    '投诉预警提醒',
    'staff',
    routes.staff.complaints(),
    [
      ['caseNo', '投诉编号', 'character_string', 'TS20261127001'],
      ['title', '投诉内容', 'thing', '楼下夜间施工噪音'],
      ['kind', '提醒类型', 'phrase', '即将超时'],
      ['time', '时间', 'time', TIME],
      ['remark', '说明', 'thing', '请尽快处理', '请尽快处理'],
    ],
    { keywords: ['caseNo', 'title', 'kind', 'time'], first: '您有一条投诉提醒', remark: '请尽快处理' },
  ),
  T(
    'inquiry.reply',
    '咨询回复通知',
    'owner',
    routes.owner.inquiries(),
    [
      ['inquiryNo', '咨询编号', 'character_string', 'ZX261127A1B2C3'],
      ['title', '咨询内容', 'thing', '装修需要办理哪些手续'],
      ['result', '处理状态', 'phrase', '已答复'],
      ['reply', '回复内容', 'thing', '请携带身份证到服务中心办理'],
      ['time', '回复时间', 'time', TIME],
    ],
    { keywords: ['inquiryNo', 'title', 'result', 'time'], first: '您的咨询有新的回复', remark: '点击查看详情' },
  ),
  T(
    'inquiry.alert',
    '咨询超时提醒',
    'staff',
    routes.staff.inquiries(),
    [
      ['inquiryNo', '咨询编号', 'character_string', 'ZX261127A1B2C3'],
      ['title', '咨询内容', 'thing', '装修需要办理哪些手续'],
      ['kind', '提醒类型', 'phrase', '即将超时'],
      ['time', '时间', 'time', TIME],
      ['remark', '说明', 'thing', '请尽快处理', '请尽快处理'],
    ],
    { keywords: ['inquiryNo', 'title', 'kind', 'time'], first: '您有一条咨询提醒', remark: '请尽快处理' },
  ),
  T(
    'sentiment.alert',
    '业主群舆情预警',
    'staff',
    routes.staff.incidents(),
    [
      ['group', '业主群', 'thing', '幸福里业主1群'],
      ['topic', '问题类别', 'thing', '电梯故障'],
      ['level', '严重程度', 'phrase', '严重'],
      ['time', '发现时间', 'time', TIME],
      ['remark', '业主原话', 'thing', '电梯又坏了三天没人修'],
    ],
    { keywords: ['group', 'topic', 'level', 'time'], first: '业主群出现负面舆情，请尽快响应', remark: '请在几分钟内回应，不在群里争辩，私聊解决' },
  ),
  T(
    'binding.result',
    '绑定审核结果',
    'owner',
    routes.owner.home(),
    [
      ['unit', '房屋', 'thing', '1栋1单元1502'],
      ['applicant', '申请人', 'name', '王丽'],
      ['result', '审核结果', 'phrase', '已通过'],
      ['reason', '说明', 'thing', '无', '无'],
      ['time', '审核时间', 'time', TIME],
    ],
    { keywords: ['unit', 'applicant', 'result', 'time'], first: '您的房屋绑定申请已审核', remark: '如有疑问请联系物业服务中心' },
  ),
  T(
    'movein.done',
    '入住办理完成通知',
    'owner',
    routes.owner.movein(),
    [
      ['unit', '房屋', 'thing', '8栋1单元0302'],
      ['owner', '业主', 'name', '王丽'],
      ['status', '办理状态', 'phrase', '已入住'],
      ['time', '办结时间', 'time', TIME],
      ['remark', '备注', 'thing', '欢迎入住，如有需要请联系物业服务中心', '欢迎入住，如有需要请联系物业服务中心'],
    ],
    { keywords: ['unit', 'owner', 'status', 'time'], first: '您的入住手续已办理完成', remark: '欢迎入住，点击查看入住信息' },
  ),
  T(
    'movein.reminder',
    '入住预约提醒',
    'owner',
    routes.owner.movein(),
    [
      ['unit', '房屋', 'thing', '8栋1单元0302'],
      ['time', '预约时间', 'time', '2026年12月12日 09:00'],
      ['slot', '预约时段', 'thing', '09:00-12:00'],
      ['place', '办理地点', 'thing', '8栋一楼大堂入住办理处'],
      ['remark', '温馨提示', 'thing', '请携带购房合同和身份证原件按时办理', '请携带购房合同和身份证原件按时办理'],
    ],
    { keywords: ['unit', 'time', 'place', 'remark'], first: '您预约的入住办理就在明天', remark: '请携带入住所需资料按时前来，点击查看详情' },
  ),
  T(
    'renovation.progress',
    '装修申请进度通知',
    'owner',
    routes.owner.home(),
    [
      ['unit', '房屋', 'thing', '5栋1单元0802'],
      ['status', '办理状态', 'phrase', '已批准'],
      ['time', '更新时间', 'time', TIME],
      ['remark', '说明', 'thing', '请到物业服务中心缴费后开工', '点击查看装修申请详情'],
    ],
    { keywords: ['unit', 'status', 'time', 'remark'], first: '您的装修申请有新进展', remark: '点击查看装修申请详情' },
  ),
  T(
    'activity.signup',
    '活动报名结果通知',
    'owner',
    routes.owner.activities(),
    [
      ['activity', '活动名称', 'thing', '欢乐迎新春社区活动'],
      ['status', '报名状态', 'phrase', '候补成功'],
      ['time', '通知时间', 'time', TIME],
      ['remark', '温馨提示', 'thing', '请凭签到码按时入场', '点击查看活动详情'],
    ],
    { keywords: ['activity', 'status', 'time', 'remark'], first: '您报名的社区活动有新消息', remark: '点击查看活动详情' },
  ),
  T(
    'activity.reminder',
    '活动开始提醒',
    'owner',
    routes.owner.activities(),
    [
      ['activity', '活动名称', 'thing', '欢乐迎新春社区活动'],
      ['time', '活动时间', 'time', TIME],
      ['place', '活动地点', 'thing', '小区中心广场'],
      ['remark', '温馨提示', 'thing', '2人，凭签到码入场', '请凭签到码按时入场'],
    ],
    { keywords: ['activity', 'time', 'place', 'remark'], first: '您报名的社区活动明天举行', remark: '请凭手机上的签到码入场，点击查看详情' },
  ),
  T(
    'renovation.acceptance',
    '装修验收结果通知',
    'owner',
    routes.owner.home(),
    [
      ['unit', '房屋', 'thing', '7栋1单元0601'],
      ['result', '验收结果', 'phrase', '验收通过'],
      ['detail', '说明', 'thing', '押金2000元扣款200元应退1800元'],
      ['time', '验收时间', 'time', TIME],
    ],
    { keywords: ['unit', 'result', 'detail', 'time'], first: '您的装修完工验收已有结果', remark: '点击查看验收记录' },
  ),
  T(
    'renovation.deposit',
    '装修押金退还通知',
    'owner',
    routes.owner.bills(),
    [
      ['unit', '房屋', 'thing', '7栋1单元0601'],
      ['deposit', '押金金额', 'amount', '2000.00元'],
      ['deducted', '扣款金额', 'amount', '200.00元'],
      ['refund', '退还金额', 'amount', '1800.00元'],
      ['reason', '扣款原因', 'thing', '公共走廊墙面修补'],
      ['time', '退还时间', 'time', TIME],
    ],
    { keywords: ['unit', 'deposit', 'deducted', 'refund', 'time'], first: '您的装修押金已退还', remark: '明细见我的账单' },
  ),
  T(
    'renovation.rectify',
    '装修整改通知',
    'owner',
    routes.owner.renovations(),
    [
      ['unit', '房屋', 'thing', '6栋1单元0502'],
      ['items', '违规项目', 'thing', '公共部位堆放、垃圾清运'],
      ['deadline', '整改期限', 'date', '2026年12月10日'],
      ['notice', '通知编号', 'character_string', 'ZX20261201-3-ZG1'],
    ],
    { keywords: ['unit', 'items', 'deadline', 'notice'], first: '物业巡查发现您家装修存在违规情况，请限期整改', remark: '到期物业将上门复查，点击查看整改要求' },
  ),
  T(
    'renovation.suspend',
    '装修停工/复工通知',
    'owner',
    routes.owner.renovations(),
    [
      ['unit', '房屋', 'thing', '6栋1单元0502'],
      ['status', '施工状态', 'phrase', '停工整改'],
      ['reason', '原因', 'thing', '拆改承重墙，须恢复原状'],
      ['time', '通知时间', 'time', TIME],
    ],
    { keywords: ['unit', 'status', 'reason', 'time'], first: '您家装修的施工状态有变化', remark: '停工期间装修出入证暂停使用，点击查看详情' },
  ),
  T(
    'board.check',
    '宣传栏周检提醒',
    'staff',
    routes.staff.boardCheck(),
    [
      ['task', '检查任务', 'thing', '宣传栏周检'],
      ['expired', '待撤下张贴', 'number', '3'],
      ['empty', '空置宣传栏', 'number', '1'],
      ['time', '生成时间', 'time', TIME],
      ['remark', '说明', 'thing', '请到现场撤下过期张贴并勾选已撤下', '请到现场撤下过期张贴并勾选已撤下'],
    ],
    { keywords: ['task', 'expired', 'empty', 'time'], first: '本周宣传栏检查已生成', remark: '请撤下过期张贴，空置的宣传栏请及时补充内容' },
  ),
  // --- archives: ledger ---
  T(
    'archive.due',
    '档案到期提醒',
    'staff',
    routes.staff.equipmentList({ due: 'soon' }),
    [
      ['item', '事项', 'thing', '1号楼1号客梯（DT-01）'],
      ['kind', '提醒类型', 'phrase', '设备检验'],
      ['due', '到期日期', 'date', '2026年12月10日'],
      ['left', '剩余时间', 'thing', '还有7天'],
      ['remark', '说明', 'thing', '请及时安排检验或续签', '请及时安排检验或续签'],
    ],
    { keywords: ['item', 'kind', 'due', 'left'], first: '有档案事项即将到期', remark: '设备年检、合同续签、借阅归还请及时处理' },
  ),
] as const;

export type TemplateKey = (typeof TEMPLATES)[number]['key'];

/** What the configuration says for one template (WECHAT_TEMPLATES[key]): WeChat's ids and keyword numbers. */
export interface TemplateSetting {
  /** 订阅消息 template id (what wx.requestSubscribeMessage asks for), from the mini-program console. */
  templateId: string;
  /** Our field name → WeChat's keyword key in the chosen template ('thing2', 'amount3', …). */
  keywords: Record<string, string>;
  /** The official account's template (公众号模板消息) id. */
  oa: { templateId: string };
}

export function templateDefinition(key: string): TemplateDefinition | undefined {
  return TEMPLATES.find((t) => t.key === key);
}
