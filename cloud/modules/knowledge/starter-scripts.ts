/**
 * The starter 话术 library, shipped with the code: every community has it, and edits a script (or hides
 * it) by saving its own version (scripts.service.ts). Written after the handbook's 沟通三部曲 (listen,
 * give quick feedback, carry out and reply) and 常用服务语言; `{业主称呼}`, `{员工姓名}`, `{小区名称}`,
 * `{服务电话}`, `{金额}`, `{时间}` are filled by the page where it knows them.
 *
 * Keys are stable (a community's edit points at one): never rename a key, add a new one.
 */
import type { ComplaintCategory, ComplaintStage } from '@shared/domain/complaints';
import type { LadderStage } from '@shared/domain/fees';
import type { ScriptContext } from '@shared/domain/knowledge';
import type { IncidentTopic } from '@shared/domain/sentiment-incidents';

export interface StarterScript {
  key: string;
  where: ScriptContext;
  title: string;
  text: string;
  order: number;
}

const phone = (key: string, order: number, title: string, text: string): StarterScript => ({ key: `phone.${key}`, where: { context: 'phone' }, title, text, order });
const general = (key: string, order: number, title: string, text: string): StarterScript => ({ key: `general.${key}`, where: { context: 'general' }, title, text, order });
const arrears = (stage: LadderStage, key: string, order: number, title: string, text: string): StarterScript => ({ key: `arrears.${stage}.${key}`, where: { context: 'arrears', stage }, title, text, order });
const complaint = (key: string, where: { category?: ComplaintCategory; stage?: ComplaintStage }, order: number, title: string, text: string): StarterScript => ({
  key: `complaint.${key}`,
  where: { context: 'complaint', ...where },
  title,
  text,
  order,
});
const inquiry = (key: string, topic: string | undefined, order: number, title: string, text: string): StarterScript => ({ key: `inquiry.${key}`, where: { context: 'inquiry', ...(topic ? { topic } : {}) }, title, text, order });

/**
 * The reply in the owner group per topic (舆情事件, moved here from the sentiment module): acknowledge,
 * no argument, move to a private chat, promise a time. `{业主称呼}` is the owner's group nickname.
 */
export const INCIDENT_REPLIES: Record<IncidentTopic, string> = {
  leak: '@{业主称呼} 您好，非常抱歉给您带来困扰！漏水的情况我们已经收到，维修师傅30分钟内上门查看，我先私信您确认具体位置，处理进展会第一时间告诉您。',
  elevator: '@{业主称呼} 您好，电梯的问题我们已经通知维保单位，正在紧急处理，预计1小时内给您答复。给大家出行带来不便，非常抱歉，我私信您了解一下具体情况。',
  parking: '@{业主称呼} 您好，停车的问题我们已经收到，秩序维护员马上到现场查看处理，我私信您核对一下车位和车辆信息，处理结果会及时告诉您。',
  noise: '@{业主称呼} 您好，打扰您休息了，非常抱歉！我们已安排人员前往现场了解噪音来源并协调处理，我私信您确认一下具体位置和时间段。',
  renovation: '@{业主称呼} 您好，装修的问题我们已经记录，管家今天会到现场核查施工时间和规范，我私信您沟通具体情况，处理后向您反馈。',
  fee: '@{业主称呼} 您好，关于费用的疑问我们非常重视，我私信您核对具体账目，今天内给您详细说明，也欢迎您到物业服务中心当面查询。',
  security: '@{业主称呼} 您好，安全问题我们高度重视，已通知安保主管立即到场处理，我私信您了解详细情况，处理进展会及时告诉您。',
  cleaning: '@{业主称呼} 您好，卫生的问题我们已经收到，保洁主管马上安排清理，我私信您确认一下具体位置，今天内给您反馈处理结果。',
  greenery: '@{业主称呼} 您好，感谢您的反馈，绿化的问题我们已经记录，会安排园林人员尽快处理，我私信您确认具体位置和时间。',
  utilities: '@{业主称呼} 您好，水电气暖的问题我们已经收到，工程人员正在排查，预计1小时内给您答复，我私信您了解一下您家的具体情况。',
  delivery: '@{业主称呼} 您好，快递外卖的问题我们已经记录，会和相关快递点及门岗沟通，我私信您了解具体情况，今天内给您答复。',
  pets: '@{业主称呼} 您好，宠物的问题我们已经收到，管家会上门提醒并加强巡查，我私信您了解具体情况，处理后及时反馈。',
  service: '@{业主称呼} 您好，非常抱歉让您有不好的体验！您的意见我们虚心接受，我私信您详细了解情况，主管会在今天内给您回复。',
  facilities: '@{业主称呼} 您好，公共设施的问题我们已经收到，工程人员会尽快到现场查看维修，我私信您确认具体位置，修好后告诉您。',
  general: '@{业主称呼} 您好，您反映的情况我们已经收到，非常重视，我私信您详细了解一下，今天内给您明确答复。',
};

/** The key of a topic's group reply (the sentiment module shows the first script of the topic). */
export const incidentReplyKey = (topic: IncidentTopic): string => `incident.${topic}.reply`;

export const STARTER_SCRIPTS: readonly StarterScript[] = [
  // 电话接听: answer, transfer, take a message, close.
  phone('answer', 1, '接听电话', '您好，{小区名称}物业服务中心，我是客服{员工姓名}，很高兴为您服务，请问有什么可以帮您？'),
  phone('identify', 2, '确认业主身份', '好的，为了更好地帮您处理，麻烦您告诉我一下您的房号和姓名，好吗？'),
  phone('transfer', 3, '转接电话', '您反映的问题需要由工程部的同事为您详细解答，我现在为您转接，请您稍等，不要挂机。'),
  phone('transfer-busy', 4, '转接未通', '非常抱歉，负责的同事暂时无法接听。我已经把您的问题详细记录下来，他会在{时间}前给您回电，您看可以吗？'),
  phone('record', 5, '记录来电', '好的，我复述一下：您反映的是……，我们会在{时间}前给您答复，请您保持电话畅通。'),
  phone('close', 6, '结束通话', '请问还有其他需要帮忙的吗？……好的，感谢您的来电，祝您生活愉快，再见！（待业主先挂机后再挂电话）'),

  // 常用服务语言.
  general('greet', 1, '问候', '您好，欢迎来到物业服务中心，请问有什么可以帮您？'),
  general('wait', 2, '请稍候', '请您稍等，我马上为您查询。'),
  general('wait-back', 3, '让业主久等后', '让您久等了，非常抱歉。我已经帮您查到了……'),
  general('thanks', 4, '感谢', '感谢您的理解和支持，也谢谢您及时告诉我们。'),
  general('sorry', 5, '致歉', '非常抱歉给您带来不便，这是我们工作没有做到位，我们马上改进。'),
  general('calm', 6, '安抚情绪', '{业主称呼}，您先别着急，您的心情我完全理解。请您把情况慢慢告诉我，我一定尽力帮您解决。'),
  general('calm-listen', 7, '倾听与确认', '您说的情况我都记下来了，您最关心的是……，对吗？我们先把这件事处理好。'),
  general('refuse', 8, '婉拒不合理要求', '{业主称呼}，非常理解您的想法。不过这件事涉及其他业主的共同权益，按照管理规约我们确实不能这样处理，还请您谅解。我们可以为您……，您看这样可以吗？'),
  general('refuse-out-of-scope', 9, '超出服务范围', '这件事不在物业服务的范围内，不过我可以告诉您应该找哪个部门办理：……。如果需要，我们可以协助您联系。'),
  general('promise', 10, '承诺时限', '这个问题我们会在{时间}前给您答复，到时无论进展如何，我都会主动联系您。'),
  general('farewell', 11, '道别', '感谢您的来访，您慢走，有需要随时联系我们，服务电话{服务电话}。'),

  // 费用催缴: gentle → firm → formal, by ladder stage.
  arrears(0, 'due', 1, '到期提醒', '{业主称呼}您好，温馨提醒：您家本期物业服务费{金额}将于{时间}到期，可在小程序「我的账单」在线缴纳，也可到服务中心办理。感谢您一直以来的支持！'),
  arrears(1, 'overdue', 1, '逾期提醒', '{业主称呼}您好，您家本期物业服务费{金额}已过缴费期限，可能是您工作繁忙忘记了。方便的时候请通过小程序或到服务中心缴纳，有任何疑问欢迎随时联系我们。'),
  arrears(1, 'ask-reason', 2, '了解未缴原因', '请问是不是对我们的服务有什么不满意的地方？如果有，请您告诉我，我们会认真改进；费用方面有疑问的话，我也可以为您逐项核对。'),
  arrears(2, 'notice', 1, '催缴通知单送达', '{业主称呼}您好，您家物业服务费{金额}已逾期较长时间，我们按规定向您送达《费用催缴通知单》。请您在{时间}前缴纳；如有困难或异议，请与我们联系协商。'),
  arrears(3, 'call', 1, '电话/上门催缴', '{业主称呼}您好，我是服务中心的{员工姓名}。您家的物业服务费{金额}已经逾期一个月以上，按照物业服务合同需要尽快缴纳。您看什么时间方便办理？如果对服务或账目有意见，我们今天就可以当面沟通解决。'),
  arrears(3, 'plan', 2, '协商分期', '考虑到您的实际情况，我们可以向主管申请分期缴纳的方案，您看每月缴纳多少比较合适？我记录下来后给您确认。'),
  arrears(4, 'formal', 1, '正式告知', '{业主称呼}您好，您家物业服务费{金额}已长期欠缴，我们多次提醒未能解决。根据物业服务合同及相关规定，如在{时间}前仍未缴纳，我们将依法通过法律途径追缴，由此产生的费用由欠费方承担。希望您理解配合，我们仍愿意与您当面协商。'),

  // 投诉处理, by stage; some by category.
  complaint('respond.ack', { stage: 'respond' }, 1, '受理投诉', '{业主称呼}您好，您的投诉我们已经收到，非常抱歉给您带来了困扰。我是负责处理的{员工姓名}，会在{时间}前给您初步答复。'),
  complaint('respond.calm', { stage: 'respond' }, 2, '安抚情绪', '您的心情我非常理解，换作是我也会着急。请您相信，我们一定会认真调查，给您一个满意的答复。'),
  complaint('reply.frame', { stage: 'reply' }, 1, '书面答复', '{业主称呼}您好，关于您反映的……问题，经我们调查核实，情况如下：……。我们已采取的措施：……。今后将……，避免类似情况再次发生。再次感谢您的监督。'),
  complaint('reply.invalid', { stage: 'reply' }, 2, '解释说明（不属实或不属物业责任）', '{业主称呼}您好，关于您反映的问题，经核实，情况是……。这部分属于……的职责范围，我们已经帮您联系了相关单位，后续进展我们也会持续关注并告诉您。'),
  complaint('followup.call', { stage: 'followup' }, 1, '回访', '{业主称呼}您好，我是服务中心的{员工姓名}。前几天您反映的……问题，我们已经处理完毕，想了解一下您对处理结果是否满意？还有什么需要我们改进的吗？'),
  complaint('followup.thanks', { stage: 'followup' }, 2, '回访结束', '感谢您的宝贵意见，您的满意是我们最大的动力，以后有任何问题欢迎随时联系我们。'),
  complaint('attitude.respond', { category: 'attitude', stage: 'respond' }, 3, '服务态度投诉致歉', '{业主称呼}，非常抱歉我们同事的态度让您不愉快，这是我们管理上的不足。我们会严肃处理并加强培训，处理结果会在{时间}前告诉您。'),
  complaint('noise.respond', { category: 'noise', stage: 'respond' }, 3, '噪音/邻里', '{业主称呼}，打扰您休息了，真的很抱歉。我们马上安排人员到现场核实噪音来源，与相关住户沟通，请您放心。'),
  complaint('fees.respond', { category: 'fees', stage: 'respond' }, 3, '收费疑问', '{业主称呼}，关于费用的疑问，我现在就为您逐项核对账单，收费标准和依据我们都会给您讲清楚，如有错误我们立即更正。'),
  complaint('repair.respond', { category: 'repair', stage: 'respond' }, 3, '维修质量/延误', '{业主称呼}，维修没有及时处理好，给您添麻烦了，非常抱歉。我已经联系工程主管，今天内安排师傅再次上门，并会跟进到修好为止。'),
  complaint('parking.respond', { category: 'parking', stage: 'respond' }, 3, '停车管理', '{业主称呼}，停车的问题我们已经记下，秩序维护员会马上到现场查看处理，结果我会及时告诉您。'),

  // 咨询答复: any topic, and by topic (desk topics: shared/domain/desk.ts).
  inquiry('ack', undefined, 1, '快速反馈', '{业主称呼}您好，您的咨询我们已经收到，正在为您查询，会在{时间}前给您答复。'),
  inquiry('answer', undefined, 2, '答复', '{业主称呼}您好，关于您咨询的问题，答复如下：……。如还有疑问，欢迎随时联系我们，服务电话{服务电话}。'),
  inquiry('fees', 'fees', 3, '物业费用咨询', '{业主称呼}您好，物业费的收费标准和缴纳方式可以在小程序「服务指南」查看，也可以在「我的账单」在线缴纳；您家的具体账目我可以帮您核对。'),
  inquiry('parking', 'parking', 3, '停车咨询', '{业主称呼}您好，车位租用和临时停车的收费及办理方式，请携带行驶证和身份证到服务中心办理；具体标准可在「服务指南」的停车收费一文中查看。'),
  inquiry('renovation', 'renovation', 3, '装修咨询', '{业主称呼}您好，装修前需要到服务中心办理装修申请，签订装修管理协议后方可施工，所需材料和施工时间请见「服务指南」的装修申请流程。'),
  inquiry('movein', 'movein', 3, '入住手续咨询', '{业主称呼}您好，办理入住请携带购房合同、身份证等材料到服务中心，具体清单请见「服务指南」的入住手续所需材料。'),
];

// The group replies per incident topic.
for (const [topic, text] of Object.entries(INCIDENT_REPLIES) as [IncidentTopic, string][]) {
  (STARTER_SCRIPTS as StarterScript[]).push({ key: incidentReplyKey(topic), where: { context: 'incident', topic }, title: '群内回复', text, order: 1 });
}
(STARTER_SCRIPTS as StarterScript[]).push({
  key: 'incident.private',
  where: { context: 'incident' },
  title: '私信业主',
  text: '{业主称呼}您好，我是物业服务中心的{员工姓名}，看到您在群里反映的情况，想跟您详细了解一下，方便的话请告诉我具体位置和时间，我们马上安排处理。',
  order: 2,
});
(STARTER_SCRIPTS as StarterScript[]).push({
  key: 'incident.report-back',
  where: { context: 'incident' },
  title: '群内通报结果',
  text: '各位业主好，前面大家反映的……问题已经处理完毕，处理情况是……。感谢大家的理解和监督，有任何问题欢迎随时私信我们。',
  order: 3,
});
