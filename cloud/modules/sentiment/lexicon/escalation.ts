/**
 * Escalation terms (升级风险): a message with one of these is level `high`.
 * Per group: `direct` terms escalate on their own (unless negated: 不用报警); `contextual` terms
 * (微博, 社区, 接龙, 危险…) have everyday uses too, so they escalate only with another negative
 * signal, a direct escalation term, or a THREAT_MARKER (我要, 准备, 已经, 再不…就).
 */
import type { EscalationGroup } from '@shared/domain/sentiment';

export interface EscalationTerms {
  direct: readonly string[];
  contextual: readonly string[];
}

export const ESCALATION_TERMS: Readonly<Record<EscalationGroup, EscalationTerms>> = {
  government: {
    direct: [
      '12345', '市长热线', '市民热线', '政府热线', '住建局', '住建委', '住建部门', '房管局', '房管所', '信访', '街道办', '环保局', '环保部门',
      '物价局', '发改委', '市场监管局', '市场监督管理局', '城管', '园林局', '市政府', '区政府', '政府部门', '消协', '投诉到市', '反映到市',
    ],
    contextual: ['找社区', '找街道', '社区和街道', '投诉到社区', '反映到社区', '去社区', '去街道', '举报', '政府', '相关部门', '主管部门'],
  },
  media: {
    direct: ['曝光', '记者', '媒体', '电视台', '新闻热线', '报社', '都市报', '晚报', '发到网上', '网上曝光', '上热搜', '热搜'],
    contextual: [
      '微博', '抖音', '小红书', '朋友圈', '头条', '发视频', '拍了视频', '让大家评评理', '让大家看看', '报道', '发到微博', '发到抖音', '发到小红书', '帮忙转发', '大家转发', '转发扩散',
    ],
  },
  legal: {
    direct: ['律师', '起诉', '法庭', '法院', '打官司', '法律程序', '法律途径', '法律责任', '律师函', '传票', '诉讼', '告你们', '告物业', '仲裁'],
    contextual: ['赔偿', '追究责任', '维权'],
  },
  police: {
    direct: ['报警', '110', '报了警', '派出所', '民警'],
    contextual: ['警察'],
  },
  collective: {
    direct: [
      '集体维权', '拉横幅', '横幅', '联名', '集合讨说法', '讨说法', '讨个说法', '换物业', '换掉物业', '罢免', '拒交物业费', '停交物业费',
      '别交物业费', '不交物业费', '拒交', '停交', '别交', '联合起来', '集体起诉', '集体投诉', '业主们一起', '全楼业主', '签名',
    ],
    contextual: ['接龙', '大家一起', '一起去', '必须换', '建个群', '团结'],
  },
  safety: {
    direct: [
      '燃气味', '煤气味', '燃气泄漏', '煤气泄漏', '漏气', '起火', '着火', '失火', '火灾', '冒烟', '冒火花', '溺水', '被困', '困人', '困在',
      '高空抛物', '扔下来', '砸到', '被打', '打人', '打起来', '流血', '受伤', '触电', '人命', '骨折', '下坠', '夹人', '夹住', '投毒', '毒死',
      '咬伤', '咬人', '扑倒', '撞倒', '动手', '推搡', '119', '120', '救护车', '漏电',
      '掉进去', '掉进了', '掉下去', '掉下楼', '坠楼', '坠落', '摔下去', '摔下来', '落水', '被砸', '砸伤', '砸到人', '出人命', '差点出事', '被电到', '电到人',
      '被夹', '卡住人', '被狗咬', '掉下来砸',
    ],
    contextual: ['危险', '跟踪', '撬门', '撬我家'],
  },
};

/** Words that turn a contextual escalation term into a threat (我要发微博, 准备起诉). */
export const THREAT_MARKERS: readonly string[] = [
  '我要', '我们要', '要去', '就去', '去找', '准备', '已经', '直接', '再不', '否则', '不然', '一定', '我们会', '等着', '必须', '马上', '赶紧', '快来',
];

/** Weight that a triggered escalation adds to the negativity score. */
export const ESCALATION_WEIGHT = 3;
